/**
 * Placing a pod's input artifacts before its main container starts (Argo's executor `LoadArtifacts`):
 * resolve the location (key-only onto the workflow's repository, subPath), download it beside its
 * path, unpack tarballs/zips safely, move it into place, apply `mode`.
 */
import { randomBytes } from 'node:crypto';
import { chmod, lstat, mkdir, readdir, rename, rm, rmdir } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { unpack } from '../artifacts/archive/archive.js';
import { ArtifactError, ArtifactNotFoundError } from '../artifacts/errors.js';
import {
  type ArtifactLocation,
  keyOf,
  kindOf,
  locationOf,
  relocate,
  withKey,
} from '../artifacts/location.js';
import { withRetries } from '../artifacts/retry.js';
import type { InputArtifactPlan, PodPlan } from '../runtime/pod-plan.js';
import type { ExecutorServices, PathAccess } from './services.js';

/** The default repository of a plan: its own, or the local one. */
export function repositoryOf(plan: Pick<PodPlan, 'artifactRepository'>): ArtifactLocation {
  return (plan.artifactRepository?.location as ArtifactLocation | undefined) ?? { local: {} };
}

/** Where an input artifact is to be read from, fully resolved. Undefined: it has no location. */
export function inputLocation(
  art: InputArtifactPlan,
  repository: ArtifactLocation,
): ArtifactLocation | undefined {
  const own = locationOf(art.spec);
  if (!own) return undefined;
  let location = relocate(own, repository);
  const subPath = typeof art.spec.subPath === 'string' ? art.spec.subPath : '';
  const key = keyOf(location);
  if (subPath && key !== undefined) location = withKey(location, posix.join(key, subPath));
  return location;
}

/** Places every input artifact; throws ArtifactError with a message for the node on the first failure. */
export async function loadInputArtifacts(
  plan: PodPlan,
  paths: PathAccess,
  services: ExecutorServices,
): Promise<void> {
  const repository = repositoryOf(plan);
  for (const art of plan.inputArtifacts) {
    try {
      await loadOne(art, repository, paths, services, plan.workflow.namespace);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new ArtifactError(`failed to load artifact '${art.name}': ${reason}`, { cause: err });
    }
  }
}

async function loadOne(
  art: InputArtifactPlan,
  repository: ArtifactLocation,
  paths: PathAccess,
  services: ExecutorServices,
  namespace: string,
): Promise<void> {
  const optional = art.spec.optional === true;
  const location = inputLocation(art, repository);
  if (!location) {
    if (optional) return;
    throw new ArtifactError(`inputs.artifacts.${art.name} was not supplied`);
  }
  const dest = paths.writePath(art.path);
  await mkdir(dirname(dest), { recursive: true });
  await clearDest(dest, art.path);
  const download = `${dest}.argosy-download-${randomBytes(6).toString('hex')}`;
  const driver = services.drivers(namespace).forLocation(location);
  try {
    await withRetries(() => driver.load(location, download), services.retry);
  } catch (err) {
    await rm(download, { recursive: true, force: true });
    if (err instanceof ArtifactNotFoundError && optional) return;
    throw err;
  }
  const archive = (art.spec.archive ?? {}) as Record<string, unknown>;
  const key = keyOf(location) ?? '';
  try {
    await unpack(download, dest, {
      zip: archive.zip !== undefined || key.endsWith('.zip'),
      none: archive.none !== undefined,
      label: `artifact '${art.name}'`,
    });
  } catch (err) {
    await rm(download, { recursive: true, force: true });
    throw err;
  }
  // A subPath of a location without keys (a git checkout): keep only that part.
  const subPath = typeof art.spec.subPath === 'string' ? art.spec.subPath : '';
  if (subPath && keyOf(location) === undefined && kindOf(location) !== 'raw')
    await keepSubPath(dest, subPath);
  if (typeof art.spec.mode === 'number') await chmodTree(dest, art.spec.mode);
}

/** The destination must be free: a file there is replaced, an empty directory removed, anything else refused. */
async function clearDest(dest: string, path: string): Promise<void> {
  const stat = await lstat(dest).catch(() => undefined);
  if (!stat) return;
  if (!stat.isDirectory()) return rm(dest, { force: true });
  if ((await readdir(dest)).length > 0) {
    throw new ArtifactError(`${path} already exists and is not empty`);
  }
  await rmdir(dest);
}

async function keepSubPath(dest: string, subPath: string): Promise<void> {
  const clean = posix.normalize(subPath);
  if (clean.startsWith('..') || posix.isAbsolute(clean))
    throw new ArtifactError(`subPath '${subPath}' is outside the artifact`);
  const inner = join(dest, ...clean.split('/'));
  if (!(await lstat(inner).catch(() => undefined)))
    throw new ArtifactNotFoundError(`subPath '${subPath}' not found in the artifact`);
  const moved = `${dest}.argosy-sub-${randomBytes(6).toString('hex')}`;
  await rename(inner, moved);
  await rm(dest, { recursive: true, force: true });
  await rename(moved, dest);
}

async function chmodTree(path: string, mode: number): Promise<void> {
  const stat = await lstat(path);
  if (stat.isSymbolicLink()) return;
  if (!stat.isDirectory()) return chmod(path, mode);
  for (const entry of await readdir(path)) await chmodTree(join(path, entry), mode);
}
