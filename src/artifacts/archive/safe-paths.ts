/**
 * The rules every extraction follows: an entry lands inside its destination or the archive is refused.
 *
 * Two policies, by who made the archive:
 * - `repository` (anything downloaded: input artifacts, `argosy cp`): no absolute paths, no `..`
 *   escaping, no links pointing outside, no device files or FIFOs. A hostile tarball is refused whole.
 * - `own-output` (a step's own output, copied out of its container by the runtime): the tree is the
 *   step's filesystem, so a symbolic link is kept verbatim whatever its target (creating a link writes
 *   nothing outside). Entries are still refused when they would be written outside the destination or
 *   through a link, and hard links must stay inside; device files, FIFOs and other special entries are
 *   skipped (they are not data an artifact can hold).
 */
import { posix } from 'node:path';
import { UnsafeArchiveError } from '../errors.js';

export type EntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'device' | 'fifo' | 'other';

export type ExtractPolicy = 'repository' | 'own-output';

export interface ArchiveEntry {
  path: string;
  type: EntryType;
  linkpath?: string;
}

/** What to do with an entry: extract it at `path` (relative, normalised), or skip it for `skip`. */
export interface EntryVerdict {
  path: string;
  skip?: string;
}

/** Regular files, directories and symbolic links: what an artifact can hold. */
export function isData(stat: {
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}): boolean {
  return stat.isFile() || stat.isDirectory() || stat.isSymbolicLink();
}

/** The entry's path relative to the destination, normalised; throws UnsafeArchiveError when it must be refused. */
export function checkEntry(entry: ArchiveEntry, archive: string): string {
  return judgeEntry(entry, archive, 'repository').path;
}

/** Judges one entry under a policy; throws UnsafeArchiveError when the archive must be refused. */
export function judgeEntry(entry: ArchiveEntry, archive: string, policy: ExtractPolicy): EntryVerdict {
  const refuse = (reason: string): never => {
    throw new UnsafeArchiveError(`refusing to extract ${archive}: entry '${entry.path}' ${reason}`);
  };
  const raw = entry.path.replace(/\\/g, '/');
  if (raw.startsWith('/') || /^[A-Za-z]:/.test(raw)) refuse('has an absolute path');
  const clean = posix.normalize(raw).replace(/\/+$/, '') || '.';
  if (clean === '..' || clean.startsWith('../')) refuse('would be written outside the destination');
  if (raw.split('/').includes('..')) refuse('contains a ".." path element');
  const special = { device: 'is a device file', fifo: 'is a FIFO', other: 'has an unsupported entry type' };
  if (entry.type === 'device' || entry.type === 'fifo' || entry.type === 'other') {
    if (policy === 'own-output') return { path: clean, skip: special[entry.type] };
    refuse(special[entry.type]);
  }
  if (entry.type === 'symlink' || entry.type === 'hardlink') {
    const link = (entry.linkpath ?? '').replace(/\\/g, '/');
    if (link === '') refuse('is a link without a target');
    // A step's own symbolic link is its content: kept as it is, never followed on this side.
    if (entry.type === 'symlink' && policy === 'own-output') return { path: clean };
    if (link.startsWith('/')) refuse(`links to the absolute path '${link}'`);
    // Symlink targets are relative to the link's directory; hard link targets to the archive root.
    const base = entry.type === 'symlink' ? posix.dirname(clean) : '.';
    const target = posix.normalize(posix.join(base, link));
    if (target === '..' || target.startsWith('../')) refuse(`links outside the destination ('${link}')`);
  }
  return { path: clean };
}

/**
 * The symbolic links an extraction has placed so far, to refuse any later entry written through one
 * (`link -> /etc`, then `link/passwd`) — or a hard link made through one — under either policy.
 */
export class LinkTracker {
  private readonly links = new Set<string>();

  /** Records the entry just accepted at `path` (a link, or anything replacing one). */
  record(path: string, type: EntryType): void {
    if (type === 'symlink') this.links.add(path);
    else this.links.delete(path);
  }

  /** Throws when `path` (an entry's path, or a hard link's target) has a recorded link as an ancestor. */
  check(path: string, entry: ArchiveEntry, archive: string): void {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const ancestor = parts.slice(0, i).join('/');
      if (this.links.has(ancestor)) {
        throw new UnsafeArchiveError(
          `refusing to extract ${archive}: entry '${entry.path}' would be written through the symbolic link '${ancestor}'`,
        );
      }
    }
  }
}
