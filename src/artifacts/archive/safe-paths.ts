/**
 * The rules every extraction follows: an entry lands inside its destination or the archive is refused.
 * No absolute paths, no `..` escaping, no links pointing outside, no device files or FIFOs.
 */
import { posix } from 'node:path';
import { UnsafeArchiveError } from '../errors.js';

export type EntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'device' | 'fifo' | 'other';

export interface ArchiveEntry {
  path: string;
  type: EntryType;
  linkpath?: string;
}

/** The entry's path relative to the destination, normalised; throws UnsafeArchiveError when it must be refused. */
export function checkEntry(entry: ArchiveEntry, archive: string): string {
  const refuse = (reason: string): never => {
    throw new UnsafeArchiveError(`refusing to extract ${archive}: entry '${entry.path}' ${reason}`);
  };
  const raw = entry.path.replace(/\\/g, '/');
  if (raw.startsWith('/') || /^[A-Za-z]:/.test(raw)) refuse('has an absolute path');
  const clean = posix.normalize(raw);
  if (clean === '..' || clean.startsWith('../')) refuse('would be written outside the destination');
  if (raw.split('/').includes('..')) refuse('contains a ".." path element');
  if (entry.type === 'device') refuse('is a device file');
  if (entry.type === 'fifo') refuse('is a FIFO');
  if (entry.type === 'other') refuse('has an unsupported entry type');
  if (entry.type === 'symlink' || entry.type === 'hardlink') {
    const link = (entry.linkpath ?? '').replace(/\\/g, '/');
    if (link === '') refuse('is a link without a target');
    if (link.startsWith('/')) refuse(`links to the absolute path '${link}'`);
    // Symlink targets are relative to the link's directory; hard link targets to the archive root.
    const base = entry.type === 'symlink' ? posix.dirname(clean) : '.';
    const target = posix.normalize(posix.join(base, link));
    if (target === '..' || target.startsWith('../')) refuse(`links outside the destination ('${link}')`);
  }
  return clean;
}
