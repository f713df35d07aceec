/**
 * The source of a data template (`source.artifactPaths`): the files under a location, as full keys a
 * later step can name in its own `s3: {key: ...}` (or `local: {key: ...}`). Key-only locations use
 * the workflow's repository. A location that is a single file lists that file; nothing there lists
 * nothing.
 */
import { ArtifactError } from '../artifacts/errors.js';
import {
  type ArtifactLocation,
  describe,
  keyOf,
  kindOf,
  locationOf,
  relocate,
} from '../artifacts/location.js';
import { withRetries } from '../artifacts/retry.js';
import type { ExecutorServices } from './services.js';

/** Kinds whose driver answers `list` with keys relative to the location (the rest give full keys). */
const RELATIVE_LISTING = new Set(['local']);

export async function listArtifactPaths(
  artifact: Record<string, unknown>,
  repository: Record<string, unknown>,
  namespace: string,
  services: ExecutorServices,
): Promise<string[]> {
  const own = locationOf(artifact);
  if (!own) throw new ArtifactError('data source artifactPaths has no location (s3, local, ...)');
  const location = relocate(own, repository as ArtifactLocation);
  const kind = kindOf(location);
  if (kind === 'raw' || kind === 'http' || kind === 'git') {
    throw new ArtifactError(`cannot list the files of a ${kind} artifact: use an s3 or local location`);
  }
  const driver = services.drivers(namespace).forLocation(location);
  let listed: string[];
  try {
    listed = await withRetries(() => driver.list(location), services.retry);
  } catch (err) {
    throw new ArtifactError(`failed to list ${describe(location)}: ${(err as Error).message}`);
  }
  const key = (keyOf(location) ?? '').replace(/^\/+|\/+$/g, '');
  if (!RELATIVE_LISTING.has(kind ?? '')) return [...listed].sort();
  if (listed.length === 1 && listed[0] === keyOf(location)) return [key];
  return listed.map((rel) => (key === '' ? rel : `${key}/${rel}`)).sort();
}
