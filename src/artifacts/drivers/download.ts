/** Writing a stream to a file through a temporary name, so a failed download leaves nothing behind. */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export async function streamToFile(body: Readable, dest: string): Promise<void> {
  await mkdir(dirname(dest), { recursive: true });
  const temp = `${dest}.argosy-part-${randomBytes(6).toString('hex')}`;
  try {
    await pipeline(body, createWriteStream(temp));
    await rename(temp, dest);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}
