/**
 * A pod's scratch directory on the host (<baseDir>/<podName>): its HOME, the backing directories of
 * its mounts, and the files it must find at their paths before it starts (script source, raw input
 * artifacts).
 */

import { existsSync } from 'node:fs';
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { PodPlan } from '../pod-plan.js';
import { directView, namespaceView, type PathView } from './mount-view.js';
import type { ScratchPool } from './scratch-pool.js';

export interface PodDir {
  dir: string;
  /** HOME and default working directory of the step. */
  home: string;
  view: PathView;
  /**
   * Taken from the pool: an earlier step left it untouched, so this one likely will too, and its
   * namespace is worth keeping for the next (reusableView).
   */
  reused: boolean;
}

/** Directories the step writes into or reads from, for the mount view. */
export function dirsOf(plan: PodPlan): string[] {
  const files = [
    ...plan.files.map((f) => f.path),
    ...plan.inputArtifacts.map((a) => a.path),
    ...plan.outputs.parameters.map((p) => p.path),
    ...plan.outputs.artifacts.map((a) => a.path),
  ];
  const dirs = files.map((p) => posix.dirname(posix.normalize(p)));
  for (const c of plan.containers) if (c.workingDir) dirs.push(posix.normalize(c.workingDir));
  return dirs;
}

/**
 * Creates a fresh scratch directory for the pod and places its files; rejects on any failure.
 * Asynchronous, so the file-system work of many starting pods stays off the event loop.
 */
export async function preparePodDir(
  baseDir: string,
  plan: PodPlan,
  isolated: boolean,
  pool?: ScratchPool,
): Promise<PodDir> {
  const dir = join(baseDir, plan.podName);
  const home = join(dir, 'home');
  // A reused directory already has home/ and usually tmp/ and argo/: no mkdir creates them.
  let taken = pool ? await pool.take(dir, plan.podName) : 'none';
  if (taken === 'occupied') {
    // Left over by a run of the same pod that was cut short.
    await rm(dir, { recursive: true, force: true });
    taken = await pool!.take(dir, plan.podName);
  }
  const present = typeof taken === 'object' ? taken.entries : undefined;
  if (present === undefined) {
    // fs.promises.rm costs ~0.3 ms of event loop even on a missing path (1,000 steps: 0.3 s), a stat
    // a few microseconds; a reused directory needs neither (its rename would have failed).
    if (existsSync(dir)) await rm(dir, { recursive: true, force: true });
    await mkdir(home, { recursive: true });
  }
  const view = isolated ? namespaceView(dirsOf(plan), dir) : directView;
  for (const m of view.mounts) {
    // A stat (microseconds) instead of an mkdir that would create nothing: that is a round trip to
    // libuv's thread pool, which on a loaded machine can wait milliseconds for a core. A reused
    // directory says what it holds: no stat either.
    if (m.kind === 'bind' && present?.has(posix.relative(dir, m.source))) continue;
    if (m.kind === 'bind' && existsSync(m.source)) continue;
    if (m.kind === 'bind') await mkdir(m.source, { recursive: true });
    else for (const d of [m.upper, m.work]) await mkdir(d, { recursive: true });
  }
  for (const file of plan.files) {
    const content = file.encoding === 'base64' ? Buffer.from(file.content, 'base64') : file.content;
    await place(view, file.path, content, file.mode ?? 0o644);
  }
  // Input artifacts are placed by the executor (src/executor), after this.
  if (!isolated) {
    for (const c of plan.containers) if (c.workingDir) await mkdir(c.workingDir, { recursive: true });
  }
  return { dir, home, view, reused: typeof taken === 'object' };
}

async function place(view: PathView, path: string, content: string | Buffer, mode: number): Promise<void> {
  const target = view.writePath(path);
  await mkdir(posix.dirname(target), { recursive: true });
  await writeFile(target, content, { mode });
  await chmod(target, mode); // writeFile's mode is filtered by the umask and ignored for existing files
}
