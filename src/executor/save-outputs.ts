/**
 * Saving a finished pod's output artifacts (Argo's executor `SaveArtifacts`): archive each path as the
 * artifact asks (tar+gzip by default), upload it to its own location or under the pod's key prefix in
 * the workflow's repository, and report where it went — key-only for the repository, as Argo records it.
 */
import { lstat, rm } from 'node:fs/promises';
import { posix } from 'node:path';
import { pack, strategyOf } from '../artifacts/archive/archive.js';
import { ArtifactError } from '../artifacts/errors.js';
import {
  type ArtifactLocation,
  describe,
  isComplete,
  keyOf,
  keyOnly,
  locationOf,
  relocate,
  withKey,
} from '../artifacts/location.js';
import { withRetries } from '../artifacts/retry.js';
import type { OutputArtifactPlan, PodObservation, PodPlan } from '../runtime/pod-plan.js';
import { repositoryOf } from './load-inputs.js';
import type { ExecutorServices, PathAccess } from './services.js';

export type SavedArtifact = NonNullable<PodObservation['outputs']>['artifacts'][number];

export interface SavedOutputs {
  artifacts: SavedArtifact[];
  /** Argo-worded reasons some artifact could not be saved (`open /tmp/x: no such file or directory`). */
  errors: string[];
}

/** What saving needs of a pod plan (a container runtime recovering a finished pod has only this). */
export type SavingPlan = Pick<PodPlan, 'outputs' | 'artifactRepository'> & {
  workflow: Pick<PodPlan['workflow'], 'namespace'>;
};

export async function saveOutputArtifacts(
  plan: SavingPlan,
  paths: PathAccess,
  services: ExecutorServices,
  tmpDir: string,
): Promise<SavedOutputs> {
  const repository = repositoryOf(plan);
  const artifacts: SavedArtifact[] = [];
  const errors: string[] = [];
  for (const art of plan.outputs.artifacts) {
    const hostPath = paths.readPath(art.path);
    if (hostPath === undefined || !(await lstat(hostPath).catch(() => undefined))) {
      if (!art.optional) errors.push(`open ${art.path}: no such file or directory`);
      continue;
    }
    try {
      artifacts.push(await saveOne(art, hostPath, repository, services, tmpDir, plan.workflow.namespace));
    } catch (err) {
      errors.push(
        `failed to save artifact '${art.name}': ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }
  return { artifacts, errors };
}

async function saveOne(
  art: OutputArtifactPlan,
  hostPath: string,
  repository: ArtifactLocation,
  services: ExecutorServices,
  tmpDir: string,
  namespace: string,
): Promise<SavedArtifact> {
  const spec = art.spec ?? {};
  const strategy = strategyOf(spec.archive);
  const packed = await pack(hostPath, art.name, strategy, tmpDir);
  try {
    const own = locationOf(spec);
    let target: ArtifactLocation;
    let reported: ArtifactLocation;
    if (own && isComplete(own)) {
      target = own;
      reported = own;
    } else if (own && keyOf(own) !== undefined) {
      target = relocate(own, repository); // key-only: that key, in the workflow's repository
      reported = keyOnly(target);
    } else if (own) {
      throw new ArtifactError(`cannot save to ${describe(own)}: that location is read-only`);
    } else {
      const prefix = keyOf(repository) ?? '';
      target = withKey(relocate(repository, repository), posix.join(prefix, packed.fileName));
      reported = keyOnly(target);
    }
    const driver = services.drivers(namespace).forLocation(target);
    await withRetries(() => driver.save(packed.path, target), services.retry);
    const saved: SavedArtifact = {
      name: art.name,
      path: art.path,
      location: reported as Record<string, unknown>,
    };
    if (strategy.kind === 'none') saved.archive = { none: {} };
    else if (strategy.kind === 'zip') saved.archive = { zip: {} };
    return saved;
  } finally {
    if (packed.temp) await rm(packed.temp, { force: true });
  }
}
