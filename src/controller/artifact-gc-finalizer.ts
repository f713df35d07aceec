/**
 * artifactGC OnWorkflowDeletion through the finalizer `workflows.argoproj.io/artifact-gc`, as Argo:
 * a workflow that may have such artifacts is held by the finalizer, so deleting it only marks it
 * (metadata.deletionTimestamp, see store/finalizers.ts). Then one attempt (`finalizeArtifactGc`)
 * deletes its artifacts and removes the finalizer, and the store removes the workflow. When an
 * artifact cannot be deleted the workflow stays, with the condition ArtifactGCError saying why, and
 * is attempted again (deletion-gc-queue.ts retries with backoff); `spec.artifactGC.forceFinalizerRemoval`
 * lets it go anyway. Every deletion path (`argosy delete`, the server's DELETE, the ttlStrategy sweep)
 * goes through `requestWorkflowDeletion`.
 */
import { effectiveSpec } from '../engine/reconcile.js';
import { ConflictError, NotFoundError } from '../errors/index.js';
import type { Workflow } from '../spec/types.js';
import type { Store } from '../store/index.js';
import {
  type ArtifactDeleter,
  collectArtifactsOnDeletion,
  mayCollectOnDeletion,
} from './artifact-gc-on-deletion.js';

export const ARTIFACT_GC_FINALIZER = 'workflows.argoproj.io/artifact-gc';
/** The workflow condition recording a failed deletion GC. */
export const ARTIFACT_GC_ERROR = 'ArtifactGCError';

/** Writes that lose to another writer are retried on a fresh read this many times. */
const MAX_CONFLICTS = 5;

export function holdsArtifactGcFinalizer(wf: Workflow): boolean {
  return (wf.metadata.finalizers ?? []).includes(ARTIFACT_GC_FINALIZER);
}

/** Whether the workflow should get the finalizer: it may have OnWorkflowDeletion artifacts and is not being deleted. */
export function needsArtifactGcFinalizer(wf: Workflow): boolean {
  return !wf.metadata.deletionTimestamp && !holdsArtifactGcFinalizer(wf) && mayCollectOnDeletion(wf);
}

/** The workflow's metadata with the finalizer added. */
export function withArtifactGcFinalizer(wf: Workflow): Workflow {
  return {
    ...wf,
    metadata: { ...wf.metadata, finalizers: [...(wf.metadata.finalizers ?? []), ARTIFACT_GC_FINALIZER] },
  };
}

/** What one attempt did. */
export type GcAttempt =
  /** Artifacts deleted, finalizer removed: the workflow is gone (unless another finalizer holds it). */
  | { outcome: 'collected' }
  /** Some artifacts could not be deleted; forceFinalizerRemoval let the workflow go anyway. */
  | { outcome: 'forced'; errors: string[] }
  /** Some artifacts could not be deleted: the workflow stays with the ArtifactGCError condition. */
  | { outcome: 'failed'; errors: string[]; resourceVersion: string }
  /** Nothing to do: the workflow is gone, not being deleted, or not held by this finalizer. */
  | { outcome: 'none' };

/**
 * One deletion-GC attempt for a workflow being deleted: deletes its OnWorkflowDeletion artifacts,
 * then removes the finalizer (or, on failure, records ArtifactGCError). Artifacts already gone are
 * no failure, so an attempt after a failure deletes what is left.
 */
export async function finalizeArtifactGc(
  store: Store,
  namespace: string,
  name: string,
  deleter: ArtifactDeleter,
  now: () => Date = () => new Date(),
): Promise<GcAttempt> {
  let errors: string[] | undefined;
  for (let i = 0; i < MAX_CONFLICTS; i++) {
    const wf = await read(store, namespace, name);
    if (!wf?.metadata.deletionTimestamp || !holdsArtifactGcFinalizer(wf)) return { outcome: 'none' };
    errors ??= await collectArtifactsOnDeletion(wf, deleter).catch((err: unknown) => [
      err instanceof Error ? err.message : String(err),
    ]);
    const force = errors.length > 0 && effectiveSpec(wf).artifactGC?.forceFinalizerRemoval === true;
    try {
      if (errors.length === 0 || force) {
        await store.update(releaseFinalizer(wf), { specUnchanged: true, changedNodeIds: [] });
        return force ? { outcome: 'forced', errors } : { outcome: 'collected' };
      }
      const saved = await store.update(withGcError(wf, errors, now()), {
        specUnchanged: true,
        changedNodeIds: [],
      });
      return { outcome: 'failed', errors, resourceVersion: saved.metadata.resourceVersion ?? '' };
    } catch (err) {
      if (err instanceof NotFoundError) return { outcome: 'none' };
      if (!(err instanceof ConflictError)) throw err;
    }
  }
  throw new ConflictError(`workflow ${name} kept changing while its artifact GC finished; it is retried`);
}

/**
 * Deletes a workflow. One that may have OnWorkflowDeletion artifacts (and `gc` says they can be
 * collected here) is first held by the finalizer if the controller has not done it yet, so the store
 * marks it instead of removing it. Resolves with whether the workflow is now held (being deleted).
 */
export async function requestWorkflowDeletion(
  store: Store,
  namespace: string,
  name: string,
  options: { resourceVersion?: string; gc: boolean },
): Promise<{ held: boolean }> {
  for (let i = 1; ; i++) {
    try {
      return await requestOnce(store, namespace, name, options);
    } catch (err) {
      // Adding the finalizer lost to another writer (a controller's status write): read again. With
      // the caller's precondition the conflict is the caller's.
      if (!(err instanceof ConflictError) || options.resourceVersion !== undefined || i >= MAX_CONFLICTS)
        throw err;
    }
  }
}

async function requestOnce(
  store: Store,
  namespace: string,
  name: string,
  options: { resourceVersion?: string; gc: boolean },
): Promise<{ held: boolean }> {
  let resourceVersion = options.resourceVersion;
  const wf = await store.get<Workflow>('Workflow', namespace, name, { withNodes: false });
  if (resourceVersion !== undefined && resourceVersion !== wf.metadata.resourceVersion) {
    // The store words the conflict.
    await store.delete('Workflow', namespace, name, { resourceVersion });
  }
  let current = wf;
  if (options.gc && needsArtifactGcFinalizer(wf)) {
    current = await store.update(withArtifactGcFinalizer(wf), { specUnchanged: true });
  }
  // The finalizer was added to what was read: the delete applies to that version only.
  if (current !== wf || resourceVersion !== undefined) resourceVersion = current.metadata.resourceVersion;
  await store.delete('Workflow', namespace, name, resourceVersion === undefined ? {} : { resourceVersion });
  return { held: (current.metadata.finalizers?.length ?? 0) > 0 };
}

/** What `deleteWorkflowWithGc` left behind. */
export type DeletionResult =
  | { state: 'deleted' }
  /** Artifact GC failed: the workflow stays, being deleted, until an attempt succeeds. */
  | { state: 'pending'; errors: string[] }
  /** Artifact GC failed, forceFinalizerRemoval deleted the workflow anyway. */
  | { state: 'forced'; errors: string[] }
  /** Held by another finalizer (not artifact GC's): it goes once its owner removes it. */
  | { state: 'held' };

/**
 * A deletion finished in-process (`argosy delete` on the embedded store, the server's DELETE): the
 * deletion is requested, and a workflow held by artifact GC gets one attempt at once. A failed attempt
 * is retried by a running controller (or the next `argosy delete`).
 */
export async function deleteWorkflowWithGc(
  store: Store,
  namespace: string,
  name: string,
  deleter: ArtifactDeleter | undefined,
  options: { resourceVersion?: string; now?: () => Date } = {},
): Promise<DeletionResult> {
  const { held } = await requestWorkflowDeletion(store, namespace, name, {
    gc: deleter !== undefined,
    ...(options.resourceVersion === undefined ? {} : { resourceVersion: options.resourceVersion }),
  });
  if (!held) return { state: 'deleted' };
  if (deleter) {
    const attempt = await finalizeArtifactGc(store, namespace, name, deleter, options.now);
    if (attempt.outcome === 'failed') return { state: 'pending', errors: attempt.errors };
    if (attempt.outcome === 'forced') return { state: 'forced', errors: attempt.errors };
  }
  const still = await read(store, namespace, name);
  return still ? { state: 'held' } : { state: 'deleted' };
}

/**
 * Removes the artifact GC finalizer of a workflow (Argo's `argo delete --force`): it is no longer
 * waited for. Resolves true when that removed the workflow (it was being deleted, held by nothing else).
 */
export async function releaseArtifactGcFinalizer(
  store: Store,
  namespace: string,
  name: string,
): Promise<boolean> {
  for (let i = 0; i < MAX_CONFLICTS; i++) {
    const wf = await read(store, namespace, name, false);
    if (!wf || !holdsArtifactGcFinalizer(wf)) return false;
    try {
      const released = releaseFinalizer(wf);
      await store.update(released, { specUnchanged: true });
      return Boolean(wf.metadata.deletionTimestamp) && (released.metadata.finalizers?.length ?? 0) === 0;
    } catch (err) {
      if (err instanceof NotFoundError) return false;
      if (!(err instanceof ConflictError)) throw err;
    }
  }
  throw new ConflictError(`workflow ${name} kept changing while its finalizer was removed; try again`);
}

/**
 * Deletes a workflow without waiting for its artifacts (Argo's `argo delete --force`): the artifact
 * GC finalizer is removed first, and the workflow deleted plainly.
 */
export async function forceDeleteWorkflow(
  store: Store,
  namespace: string,
  name: string,
  options: { resourceVersion?: string } = {},
): Promise<DeletionResult> {
  if (await releaseArtifactGcFinalizer(store, namespace, name)) return { state: 'deleted' };
  const { held } = await requestWorkflowDeletion(store, namespace, name, { ...options, gc: false });
  return held ? { state: 'held' } : { state: 'deleted' };
}

async function read(
  store: Store,
  namespace: string,
  name: string,
  withNodes = true,
): Promise<Workflow | undefined> {
  try {
    return await store.get<Workflow>('Workflow', namespace, name, { withNodes });
  } catch (err) {
    if (err instanceof NotFoundError) return undefined;
    throw err;
  }
}

/** Without the finalizer and without a stale ArtifactGCError. */
function releaseFinalizer(wf: Workflow): Workflow {
  const finalizers = (wf.metadata.finalizers ?? []).filter((f) => f !== ARTIFACT_GC_FINALIZER);
  const conditions = wf.status?.conditions?.filter((c) => c.type !== ARTIFACT_GC_ERROR);
  return {
    ...wf,
    metadata: { ...wf.metadata, finalizers },
    ...(wf.status ? { status: { ...wf.status, conditions } } : {}),
  };
}

/** The ArtifactGCError condition (replacing an earlier one) with what failed and when. */
function withGcError(wf: Workflow, errors: string[], at: Date): Workflow {
  const others = (wf.status?.conditions ?? []).filter((c) => c.type !== ARTIFACT_GC_ERROR);
  const message = `artifact GC failed at ${at.toISOString()}: ${errors.join('; ')}`;
  return {
    ...wf,
    status: { ...wf.status, conditions: [...others, { type: ARTIFACT_GC_ERROR, status: 'True', message }] },
  };
}
