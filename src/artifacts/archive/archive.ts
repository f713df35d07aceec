/**
 * Argo's archive strategies for output artifacts (`archive: none | tar | zip`, tar+gzip by default),
 * and the reverse on input: a downloaded tarball or zip is unpacked into the artifact's path.
 */
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createTarGz, extractTar, isTarball } from './tar-archive.js';

export type ArchiveStrategy = { kind: 'none' } | { kind: 'tar'; level?: number } | { kind: 'zip' };

/** The strategy an artifact spec asks for (`archive: {none: {}}`, `{tar: {compressionLevel}}`, `{zip: {}}`). */
export function strategyOf(archive: unknown): ArchiveStrategy {
  const a = (archive ?? {}) as { none?: unknown; tar?: { compressionLevel?: number }; zip?: unknown };
  if (a.none !== undefined && a.none !== null) return { kind: 'none' };
  if (a.zip !== undefined && a.zip !== null) return { kind: 'zip' };
  const level = a.tar?.compressionLevel;
  return level === undefined ? { kind: 'tar' } : { kind: 'tar', level };
}

/** What goes to the repository for an output at `src`: the file to upload and its name under the key prefix. */
export interface Packed {
  /** File (or, for `none` on a directory, the directory itself) to upload. */
  path: string;
  /** Argo's file name: `<name>.tgz`, `<name>.zip`, or the base name of the path for `none`. */
  fileName: string;
  /** Temporary file to remove after the upload. */
  temp?: string;
}

export async function pack(
  src: string,
  artifactName: string,
  strategy: ArchiveStrategy,
  tmpDir: string,
): Promise<Packed> {
  if (strategy.kind === 'none') {
    const base = src.replace(/\/+$/, '').split('/').pop() ?? artifactName;
    return { path: src, fileName: base };
  }
  await mkdir(tmpDir, { recursive: true });
  const temp = join(tmpDir, `${artifactName}-${randomBytes(6).toString('hex')}`);
  try {
    // yazl/yauzl are loaded only for zip archives.
    if (strategy.kind === 'zip') await (await import('./zip-archive.js')).createZip(src, temp);
    else await createTarGz(src, temp, strategy.level);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  return { path: temp, fileName: `${artifactName}.${strategy.kind === 'zip' ? 'zip' : 'tgz'}`, temp };
}

/**
 * Places a downloaded artifact at `dest`: a directory is moved there; a tarball (or a zip, when the
 * artifact says zip) is extracted in a fresh directory beside `dest` and its single top-level entry
 * (or the whole tree) moved there; any other file is moved as it is. `dest` must not exist.
 */
export async function unpack(
  downloaded: string,
  dest: string,
  options: { zip?: boolean; none?: boolean; label: string },
): Promise<void> {
  const stat = await lstat(downloaded);
  const tar = !options.none && stat.isFile() && !options.zip && (await isTarball(downloaded));
  const zip = !options.none && stat.isFile() && options.zip === true;
  if (!tar && !zip) {
    await rename(downloaded, dest);
    return;
  }
  const dir = `${dest}.argosy-unpack-${randomBytes(6).toString('hex')}`;
  await mkdir(dir, { recursive: true });
  try {
    if (zip) await (await import('./zip-archive.js')).extractZip(downloaded, dir, options.label);
    else await extractTar(downloaded, dir, options.label);
    const top = await readdir(dir);
    if (top.length === 1 && top[0] !== undefined) {
      await rename(join(dir, top[0]), dest);
      await rm(dir, { recursive: true, force: true });
    } else await rename(dir, dest);
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  } finally {
    await rm(downloaded, { force: true });
  }
}
