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
  fstatSync,
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

/**
 * A record file to reuse: its path, an open descriptor (when this process opened it) and how many
 * bytes it holds (-1: unknown). A shorter record is padded with spaces (JSON allows trailing white space), so a
 * rewrite is one pwrite: no open, no close, no truncation (which makes ext4 journal).
 */
interface Spare {
  path: string;
  fd?: number;
  size: number;
}

/** Per base directory: the spares, and the records written by this process (for their descriptors). */
interface Records {
  spares: Spare[];
  live: Map<string, Spare>;
}

const byBase = new Map<string, Records>();
let counter = 0;

function recordPath(baseDir: string, podName: string): string {
  return join(baseDir, DIR, `${podName}.json`);
}

function recordsOf(baseDir: string): Records {
  let records = byBase.get(baseDir);
  if (!records) {
    mkdirSync(join(baseDir, DIR, SPARE), { recursive: true });
    records = { spares: [], live: new Map() };
    byBase.set(baseDir, records);
  }
  return records;
}

function padded(text: Buffer, size: number): Buffer {
  if (text.length >= size) return text;
  const out = Buffer.alloc(size, 0x20);
  text.copy(out);
  return out;
}

export function writeOutcome(baseDir: string, observation: PodObservation): void {
  const { spares, live } = recordsOf(baseDir);
  const path = recordPath(baseDir, observation.podName);
  const text = Buffer.from(JSON.stringify(observation));
  forget(live, path);
  // Write fully, then rename into place, so a reader never sees half a record.
  for (let spare = spares.pop(); spare !== undefined; spare = spares.pop()) {
    let { fd, size } = spare;
    try {
      fd ??= openSync(spare.path, 'r+');
    } catch {
      continue;
    }
    try {
      if (size < 0) size = fstatSync(fd).size; // a record another process wrote
      const bytes = padded(text, size);
      writeSync(fd, bytes, 0, bytes.length, 0);
      renameSync(spare.path, path);
      size = bytes.length;
    } catch (err) {
      closeSync(fd);
      throw err;
    }
    // Descriptors are kept for as many records as spares are; past that, reopened when reused.
    if (live.size >= MAX_SPARES) {
      closeSync(fd);
      live.set(path, { path, size });
    } else live.set(path, { path, fd, size });
    return;
  }
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
  live.set(path, { path, size: text.length });
}

function forget(live: Map<string, Spare>, path: string): Spare | undefined {
  const record = live.get(path);
  live.delete(path);
  return record;
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
  const { spares, live } = recordsOf(baseDir);
  const record = forget(live, path);
  if (spares.length < MAX_SPARES) {
    const spare = join(baseDir, DIR, SPARE, `${process.pid}-${++counter}`);
    try {
      renameSync(path, spare);
      // A record this process did not write is reused too: its size is read when it is reused.
      spares.push(record ? { ...record, path: spare } : { path: spare, size: -1 });
      return;
    } catch {
      // no record: nothing to release
    }
  } else rmSync(path, { force: true });
  if (record?.fd !== undefined) closeSync(record.fd);
}
