/**
 * A finished pod's final observation, written to `<baseDir>/.outcomes/<pod>.json` before it is
 * reported. If the controller dies (kill -9) after a step finished but before the status that
 * records it was stored, the next controller recovers the outcome here instead of re-running a
 * step that already succeeded. The controller releases a record once the status holding it is stored.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PodObservation } from '../pod-plan.js';

const DIR = '.outcomes';

function recordPath(baseDir: string, podName: string): string {
  return join(baseDir, DIR, `${podName}.json`);
}

export function writeOutcome(baseDir: string, observation: PodObservation): void {
  mkdirSync(join(baseDir, DIR), { recursive: true });
  const path = recordPath(baseDir, observation.podName);
  // Write then rename, so a reader never sees half a record.
  writeFileSync(`${path}.tmp`, JSON.stringify(observation));
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
  rmSync(recordPath(baseDir, podName), { force: true });
}
