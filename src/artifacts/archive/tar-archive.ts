/**
 * tar + gzip archives, as Argo's executor makes them: the entries of a file or directory `/a/b/out`
 * are named `out`, `out/...`. Extraction goes through checkEntry (safe-paths.ts) and into a fresh
 * directory, which the caller discards when the archive is refused.
 */
import { createReadStream } from 'node:fs';
import { basename, dirname } from 'node:path';
import { createGunzip } from 'node:zlib';
import * as tar from 'tar';
import { ArtifactError } from '../errors.js';
import { type ArchiveEntry, checkEntry, type EntryType } from './safe-paths.js';

/** Writes `src` (file or directory) as a gzipped tarball; level 0-9 (gzip's), default 6. */
export async function createTarGz(src: string, file: string, level?: number): Promise<void> {
  await tar.c(
    {
      gzip: { level: level ?? 6 },
      file,
      cwd: dirname(src),
      portable: true,
      follow: false,
      maxReadSize: 1024 * 1024,
    },
    [basename(src)],
  );
}

function entryType(type: string): EntryType {
  switch (type) {
    case 'File':
    case 'OldFile':
    case 'ContiguousFile':
      return 'file';
    case 'Directory':
      return 'directory';
    case 'SymbolicLink':
      return 'symlink';
    case 'Link':
      return 'hardlink';
    case 'CharacterDevice':
    case 'BlockDevice':
      return 'device';
    case 'FIFO':
      return 'fifo';
    default:
      return 'other';
  }
}

const META_TYPES = new Set([
  'ExtendedHeader',
  'GlobalExtendedHeader',
  'NextFileHasLongPath',
  'NextFileHasLongLinkpath',
  'OldGnuLongPath',
]);

/**
 * Extracts a tarball (gzipped or not) into `dir`, an existing empty directory. Refuses the whole
 * archive (UnsafeArchiveError) on the first entry that would escape it or is a device/FIFO.
 */
export async function extractTar(file: string, dir: string, label = basename(file)): Promise<void> {
  // One pass: a refused entry is skipped and remembered; the caller's fresh directory is then discarded.
  let refusal: Error | undefined;
  const filter = (path: string, entry: unknown): boolean => {
    const e = entry as { type?: string; linkpath?: string };
    if (refusal) return false;
    if (e.type !== undefined && META_TYPES.has(e.type)) return true;
    try {
      const checked: ArchiveEntry = { path, type: entryType(e.type ?? 'File') };
      if (e.linkpath) checked.linkpath = e.linkpath;
      checkEntry(checked, label);
      return true;
    } catch (err) {
      refusal = err as Error;
      return false;
    }
  };
  try {
    await tar.x({ file, cwd: dir, strict: true, preserveOwner: false, filter, maxReadSize: 1024 * 1024 });
  } catch (err) {
    refusal ??= new ArtifactError(`cannot extract ${label} as a tar archive: ${(err as Error).message}`);
  }
  if (refusal) throw refusal;
}

/** True when the file is a tar archive, gzipped or plain (a `ustar` header in its first block). */
export async function isTarball(file: string): Promise<boolean> {
  const head = await readHead(file, 512);
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    const inner = await readGunzippedHead(file, 512);
    return hasUstar(inner);
  }
  return hasUstar(head);
}

function hasUstar(block: Buffer): boolean {
  return block.length >= 262 && block.subarray(257, 262).toString('latin1') === 'ustar';
}

async function readHead(file: string, bytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of createReadStream(file, { start: 0, end: bytes - 1 })) {
    chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return Buffer.concat(chunks, size);
}

function readGunzippedHead(file: string, bytes: number): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const input = createReadStream(file);
    const gunzip = createGunzip();
    const done = () => {
      input.destroy();
      gunzip.destroy();
      resolve(Buffer.concat(chunks, size));
    };
    gunzip.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= bytes) done();
    });
    gunzip.on('end', done);
    gunzip.on('error', done);
    input.on('error', done);
    input.pipe(gunzip);
  });
}
