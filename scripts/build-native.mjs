#!/usr/bin/env node
// Builds the host runtime's step spawner (native/*.c) into dist/native/ with the system C compiler
// ($CC, default cc). Idempotent: does nothing when the binary is newer than all of native/.
// Never fails the build: without a compiler, Argosy starts steps through Node (slower) and says so once.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const native = join(root, 'native');
const files = readdirSync(native).map((f) => join(native, f));
const sources = files.filter((f) => f.endsWith('.c'));
const target = join(root, 'dist', 'native', 'argosy-spawner');

if (process.platform !== 'linux') {
  console.warn('build:native: skipped (the step spawner is Linux-only); steps start through Node');
  process.exit(0);
}
const newest = Math.max(...files.map((f) => statSync(f).mtimeMs));
if (existsSync(target) && statSync(target).mtimeMs >= newest) process.exit(0);
mkdirSync(dirname(target), { recursive: true });
const tmp = `${target}.${process.pid}.tmp`;
const cc = process.env.CC || 'cc';
const res = spawnSync(cc, ['-O2', '-Wall', '-o', tmp, ...sources], { encoding: 'utf8' });
if (res.status !== 0) {
  rmSync(tmp, { force: true });
  const why = res.error ? res.error.message : (res.stderr || '').trim().split('\n')[0];
  console.warn(
    `build:native: could not build the step spawner with ${cc} (${why}); steps start through Node`,
  );
  process.exit(0);
}
renameSync(tmp, target); // atomic: a runtime never sees half a binary
