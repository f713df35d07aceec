/** Fresh empty directories under one temporary root, removed when the test file ends. */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';

export function scratchDirs(prefix: string): () => string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(root, { recursive: true, force: true }));
  let n = 0;
  return () => {
    const dir = join(root, `t${++n}`);
    mkdirSync(dir, { recursive: true });
    return dir;
  };
}
