/**
 * The embedded repository: artifacts are files and directories under a root directory
 * (`$ARGOSY_HOME/artifacts`), one per key. Saves land in a temporary name first and are renamed
 * into place, so a key holds either the whole artifact or nothing. Symbolic links are copied as
 * links, never followed.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { cp, lstat, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { dirname, join, posix, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { isData } from '../archive/safe-paths.js';
import type { ArtifactDriver, DriverContext, LoadedKind } from '../driver.js';
import { ArtifactError, ArtifactNotFoundError } from '../errors.js';
import type { ArtifactLocation } from '../location.js';

/**
 * How artifacts are copied in and out: symbolic links verbatim (never followed, whatever their
 * target), FIFOs, sockets and device files left out, as the tarballs leave them out.
 */
const COPY = {
  recursive: true,
  verbatimSymlinks: true,
  filter: async (from: string) => isData(await lstat(from)),
};

export class LocalDriver implements ArtifactDriver {
  constructor(private readonly ctx: Pick<DriverContext, 'localRoot'>) {}

  /** The file or directory holding the artifact at this location. */
  pathOf(location: ArtifactLocation): string {
    const key = location.local?.key;
    if (!key) throw new ArtifactError('local artifact location has no key');
    const clean = posix.normalize(key.replace(/^\/+/, ''));
    if (clean === '.' || clean.startsWith('../') || clean === '..' || posix.isAbsolute(clean)) {
      throw new ArtifactError(`artifact key '${key}' is outside the repository`);
    }
    return join(location.local?.path || this.ctx.localRoot, ...clean.split('/'));
  }

  async load(location: ArtifactLocation, dest: string): Promise<LoadedKind> {
    const path = this.pathOf(location);
    const stat = await lstat(path).catch(() => undefined);
    if (!stat)
      throw new ArtifactNotFoundError(`artifact ${location.local?.key} not found in the local repository`);
    await mkdir(dirname(dest), { recursive: true });
    await cp(path, dest, COPY);
    return stat.isDirectory() ? 'directory' : 'file';
  }

  async save(src: string, location: ArtifactLocation): Promise<void> {
    const path = this.pathOf(location);
    await mkdir(dirname(path), { recursive: true });
    const temp = `${path}.argosy-tmp-${randomBytes(6).toString('hex')}`;
    try {
      await cp(src, temp, COPY);
      const existing = await lstat(path).catch(() => undefined);
      if (existing?.isDirectory()) await rm(path, { recursive: true, force: true });
      await rename(temp, path);
    } catch (err) {
      await rm(temp, { recursive: true, force: true });
      throw new ArtifactError(`failed to save to the local repository: ${(err as Error).message}`, {
        cause: err,
      });
    }
  }

  async openStream(location: ArtifactLocation): Promise<Readable> {
    const path = this.pathOf(location);
    const stat = await lstat(path).catch(() => undefined);
    if (!stat)
      throw new ArtifactNotFoundError(`artifact ${location.local?.key} not found in the local repository`);
    if (stat.isDirectory()) throw new ArtifactError(`artifact ${location.local?.key} is a directory`);
    return createReadStream(path);
  }

  async list(location: ArtifactLocation): Promise<string[]> {
    const root = this.pathOf(location);
    const stat = await lstat(root).catch(() => undefined);
    if (!stat) return [];
    if (!stat.isDirectory()) return [location.local?.key ?? ''];
    const entries = await readdir(root, { recursive: true, withFileTypes: true });
    return entries
      .filter((e) => !e.isDirectory())
      .map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join('/'))
      .sort();
  }

  async delete(location: ArtifactLocation): Promise<void> {
    await rm(this.pathOf(location), { recursive: true, force: true });
  }
}
