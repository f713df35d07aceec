/**
 * zip archives (yazl to write, yauzl to read), named like the tarballs: `out`, `out/...`.
 * Extraction checks every entry (safe-paths.ts) and refuses the archive on the first bad one.
 */
import { createWriteStream } from 'node:fs';
import { lstat, mkdir, readdir, readlink, symlink } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { ArtifactError } from '../errors.js';
import { checkEntry, type EntryType } from './safe-paths.js';

const S_IFMT = 0o170000;

export async function createZip(src: string, file: string): Promise<void> {
  const zip = new yazl.ZipFile();
  const out = pipeline(zip.outputStream, createWriteStream(file));
  const name = basename(src);
  const stat = await lstat(src);
  if (stat.isDirectory()) {
    zip.addEmptyDirectory(name);
    const entries = await readdir(src, { recursive: true, withFileTypes: true });
    for (const e of entries.sort((a, b) =>
      join(a.parentPath, a.name).localeCompare(join(b.parentPath, b.name)),
    )) {
      const full = join(e.parentPath, e.name);
      const rel = `${name}/${relative(src, full).split(sep).join('/')}`;
      if (e.isDirectory()) zip.addEmptyDirectory(rel);
      else if (e.isSymbolicLink()) {
        zip.addBuffer(Buffer.from(await readlink(full)), rel, { mode: 0o120777 });
      } else if (e.isFile()) zip.addFile(full, rel, { mode: (await lstat(full)).mode });
    }
  } else zip.addFile(src, name, { mode: stat.mode });
  zip.end();
  await out;
}

function typeOf(mode: number, fileName: string): EntryType {
  if (fileName.endsWith('/')) return 'directory';
  switch (mode & S_IFMT) {
    case 0:
    case 0o100000:
      return 'file';
    case 0o040000:
      return 'directory';
    case 0o120000:
      return 'symlink';
    case 0o020000:
    case 0o060000:
      return 'device';
    case 0o010000:
      return 'fifo';
    default:
      return 'other';
  }
}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    // decodeStrings: false, so that yauzl hands names over as they are and checkEntry decides.
    yauzl.open(file, { lazyEntries: true, decodeStrings: false, autoClose: true }, (err, zip) =>
      err || !zip ? reject(err ?? new Error('no zip')) : resolve(zip),
    );
  });
}

function entryStream(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) =>
    zip.openReadStream(entry, (err, stream) =>
      err || !stream ? reject(err ?? new Error('no stream')) : resolve(stream),
    ),
  );
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Extracts a zip archive into `dir` (an existing empty directory), refusing unsafe entries. */
export async function extractZip(file: string, dir: string, label = basename(file)): Promise<void> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(file);
  } catch (err) {
    throw new ArtifactError(`cannot read ${label} as a zip archive: ${(err as Error).message}`);
  }
  const links: { path: string; target: string }[] = [];
  await new Promise<void>((resolve, reject) => {
    const fail = (err: unknown) => {
      zip.close();
      reject(
        err instanceof ArtifactError
          ? err
          : new ArtifactError(`cannot extract ${label}: ${(err as Error).message}`),
      );
    };
    zip.on('error', fail);
    zip.on('end', resolve);
    zip.on('entry', (entry: yauzl.Entry) => {
      void (async () => {
        const name = Buffer.isBuffer(entry.fileName)
          ? entry.fileName.toString('utf8')
          : String(entry.fileName);
        const mode = (entry.externalFileAttributes >>> 16) & 0xffff;
        const type = typeOf(mode, name);
        if (type === 'symlink') {
          const target = await readAll(await entryStream(zip, entry));
          const rel = checkEntry({ path: name, type, linkpath: target }, label);
          links.push({ path: rel, target });
        } else {
          const rel = checkEntry({ path: name, type }, label);
          const dest = join(dir, ...rel.split('/'));
          if (type === 'directory') await mkdir(dest, { recursive: true });
          else {
            await mkdir(join(dest, '..'), { recursive: true });
            const fileMode = mode & 0o777 ? mode & 0o777 : 0o644;
            await pipeline(await entryStream(zip, entry), createWriteStream(dest, { mode: fileMode }));
          }
        }
        zip.readEntry();
      })().catch(fail);
    });
    zip.readEntry();
  });
  // Links last, so no file is ever written through one.
  for (const link of links) {
    const at = join(dir, ...link.path.split('/'));
    await mkdir(join(at, '..'), { recursive: true });
    await symlink(link.target, at);
  }
}
