/**
 * A finished pod's final observation, written to `<baseDir>/.outcomes/<pod>.json` before it is
 * reported. If the controller dies (kill -9) after a step finished but before the status that
 * records it was stored, the next controller recovers the outcome here instead of re-running a
 * step that already succeeded. The controller releases a record once the status holding it is stored.
 *
 * Released records are renamed into `.outcomes/.spare/` and rewritten in place for later pods, so
 * writing a record allocates no inode (see scratch-pool.ts for why that matters on ext4).
 */
import {
  closeSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { PodObservation } from '../pod-plan.js';

const DIR = '.outcomes';
const SPARE = '.spare';
const MAX_SPARES = 64;

/** Spare record files per base directory, and whether its directories exist. */
const spares = new Map<string, string[]>();
let counter = 0;

function recordPath(baseDir: string, podName: string): string {
  return join(baseDir, DIR, `${podName}.json`);
}

function sparesOf(baseDir: string): string[] {
  let list = spares.get(baseDir);
  if (!list) {
    mkdirSync(join(baseDir, DIR, SPARE), { recursive: true });
    list = [];
    spares.set(baseDir, list);
  }
  return list;
}

export function writeOutcome(baseDir: string, observation: PodObservation): void {
  const list = sparesOf(baseDir);
  const path = recordPath(baseDir, observation.podName);
  const text = Buffer.from(JSON.stringify(observation));
  // Write fully, then rename into place, so a reader never sees half a record.
  for (let spare = list.pop(); spare !== undefined; spare = list.pop()) {
    let fd: number;
    try {
      fd = openSync(spare, 'r+');
    } catch {
      continue;
    }
    try {
      writeSync(fd, text, 0, text.length, 0);
      ftruncateSync(fd, text.length);
    } finally {
      closeSync(fd);
    }
    renameSync(spare, path);
    return;
  }
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

export function readOutcome(baseDir: string, podName: string): PodObservation | undefined {
  try {
    const value = JSON.parse(readFileSync(recordPath(baseDir, podName), 'utf8')) as PodObservation;
    return value.podName === podName ? value : undefined;
  } catch {
    return undefined;
  }
}

export function removeOutcome(baseDir: string, podName: string): void {
  const path = recordPath(baseDir, podName);
  const list = sparesOf(baseDir);
  if (list.length < MAX_SPARES) {
    const spare = join(baseDir, DIR, SPARE, `${process.pid}-${++counter}`);
    try {
      renameSync(path, spare);
      list.push(spare);
    } catch {
      // no record: nothing to release
    }
    return;
  }
  rmSync(path, { force: true });
}
