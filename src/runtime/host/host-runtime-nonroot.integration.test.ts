/**
 * The non-root path: a user namespace mapping the user to root, then the same private mount view.
 * When the tests run as root (as in CI), this re-runs a few steps as `nobody` in a child process.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { findSpawner } from './spawner-client.js';

const NOBODY = 65534;
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

const script = (baseDir: string, spawners: string[], reuseBase: string) => `
import { HostRuntime } from ${JSON.stringify(here('./host-runtime.ts'))};
import { container, plan, run } from ${JSON.stringify(here('./test-helpers.ts'))};
for (const spawner of ${JSON.stringify(spawners)}) {
  const r = new HostRuntime({ baseDir: ${JSON.stringify(baseDir)} + '/' + spawner, isolation: 'namespace', spawner, warn: () => {} });
  const isolation = await r.isolation();
  const p = plan({
    containers: [container(['sh', '-c', 'id -u; echo hi > /tmp/x; cat /bin/argosy-tool'])],
    outputs: { parameters: [{ name: 'x', path: '/tmp/x' }], artifacts: [], captureResult: true },
    inputArtifacts: [{ name: 't', path: '/bin/argosy-tool', spec: { raw: { data: 'tool' } } }],
  });
  const o = await run(r, p);
  console.log(JSON.stringify({ spawner, isolation, phase: o.phase, message: o.message, outputs: o.outputs }));
  await r.close();
}
if (${JSON.stringify(spawners)}.includes('native')) {
  // Outside /tmp, with binds only: the spawner reuses the user + mount namespace (namespace-cache.c).
  const r = new HostRuntime({ baseDir: ${JSON.stringify(reuseBase)}, isolation: 'namespace', spawner: 'native', warn: () => {} });
  const reused = [];
  for (let i = 0; i < 3; i++) {
    const p = plan({
      // Writes nothing into its scratch directory, which is then pooled for the next step.
      containers: [container(['sh', '-c', 'readlink /proc/self/ns/mnt; id -u; ls /tmp'])],
    });
    const o = await run(r, p);
    await r.settled();
    if (i > 0) reused.push({ phase: o.phase, message: o.message, outputs: o.outputs }); // the first dir is fresh
  }
  console.log(JSON.stringify({ reused }));
  await r.close();
}
`;

test('as a non-root user, steps get a user + mount namespace through both launchers', (t) => {
  if (process.getuid?.() !== 0)
    return t.skip('not root: every other host test already runs the non-root path');
  const dir = mkdtempSync(join(tmpdir(), 'argosy-nonroot-'));
  const reuseDir = mkdtempSync('/var/tmp/argosy-nonroot-'); // not under /tmp: see namespace-reuse tests
  try {
    chmodSync(dir, 0o777);
    chmodSync(reuseDir, 0o777);
    const file = join(dir, 'steps.mts');
    const spawners = findSpawner() ? ['native', 'node'] : ['node'];
    writeFileSync(file, script(join(dir, 'pods'), spawners, join(reuseDir, 'pods')), { mode: 0o644 });
    const res = spawnSync(process.execPath, ['--import', 'tsx', file], {
      cwd: here('../../..'),
      uid: NOBODY,
      gid: NOBODY,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir },
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (res.status !== 0 && /EACCES|permission denied/i.test(res.stderr))
      return t.skip(`nobody cannot read the repository here: ${res.stderr.split('\n')[0]}`);
    assert.equal(res.status, 0, res.stderr);
    const lines = res.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const results = lines.filter((l) => !l.reused);
    const reused = lines.find((l) => l.reused)?.reused;
    if (spawners.includes('native')) {
      // The same namespace twice (the first is still held, so its number cannot have been recycled).
      const [a, b] = reused.map((r: { outputs: { result: string } }) => r.outputs.result.split('\n'));
      assert.deepEqual(
        reused.map((r: { phase: string; message?: string }) => r.phase),
        ['Succeeded', 'Succeeded'],
        JSON.stringify(reused),
      );
      assert.match(a[0], /^mnt:\[\d+\]$/);
      assert.equal(b[0], a[0], "the second step entered the first one's namespace");
      assert.deepEqual([a.slice(1), b.slice(1)], [['0'], ['0']], 'root inside, an empty /tmp');
    }
    assert.deepEqual(
      results.map((r) => r.spawner),
      spawners,
    );
    for (const r of results) {
      assert.deepEqual(r.isolation, { mode: 'namespace', userNamespace: true }, r.spawner);
      assert.equal(r.phase, 'Succeeded', `${r.spawner}: ${r.message}`);
      assert.equal(r.outputs.result, '0\ntool', 'root inside the namespace, the file placed in /bin');
      assert.deepEqual(r.outputs.parameters, [{ name: 'x', value: 'hi' }]);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(reuseDir, { recursive: true, force: true });
  }
});
