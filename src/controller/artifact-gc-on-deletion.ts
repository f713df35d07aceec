/**
 * artifactGC OnWorkflowDeletion: which artifacts of a workflow go when it is deleted, and deleting
 * them. The workflow is read with its nodes while it is held by the artifact GC finalizer (see
 * artifact-gc-finalizer.ts), so artifacts are removed before the workflow really goes, and a failure
 * keeps it until a later attempt succeeds.
 */
import {
  artifactsToCollect,
  type DeleteArtifactsAction,
  repositoryOfWorkflow,
} from '../engine/artifacts/index.js';
import { effectiveSpec } from '../engine/reconcile.js';
import { deleteArtifacts, type ExecutorServices } from '../executor/index.js';
import type { Workflow } from '../spec/types.js';

/** Carries out a deleteArtifacts action in a namespace; resolves with the failures. */
export type ArtifactDeleter = (namespace: string, action: DeleteArtifactsAction) => Promise<string[]>;

export function artifactDeleter(services: ExecutorServices): ArtifactDeleter {
  return (namespace, action) => deleteArtifacts(action.artifacts, action.repository, namespace, services);
}

/**
 * Whether the workflow may have OnWorkflowDeletion artifacts, judged from its spec alone (no nodes
 * needed): lets the TTL sweep skip reading the nodes of the many workflows that have none.
 */
export function mayCollectOnDeletion(wf: Workflow): boolean {
  const spec = effectiveSpec(wf);
  if (spec.artifactGC?.strategy === 'OnWorkflowDeletion') return true;
  return JSON.stringify([spec.templates, wf.status?.storedTemplates]).includes('"OnWorkflowDeletion"');
}

/** The deletion GC of this workflow (read with its nodes), or undefined when there is nothing to delete. */
export function deletionGcAction(wf: Workflow): DeleteArtifactsAction | undefined {
  const spec = effectiveSpec(wf);
  const templates = [...(spec.templates ?? []), ...Object.values(wf.status?.storedTemplates ?? {})];
  const artifacts = artifactsToCollect(spec, wf.status?.nodes ?? {}, templates, 'OnWorkflowDeletion');
  if (artifacts.length === 0) return undefined;
  return { type: 'deleteArtifacts', repository: repositoryOfWorkflow(wf), artifacts };
}

/** Deletes the OnWorkflowDeletion artifacts of a workflow being deleted; returns the failures. */
export async function collectArtifactsOnDeletion(wf: Workflow, deleter: ArtifactDeleter): Promise<string[]> {
  const action = deletionGcAction(wf);
  if (!action) return [];
  return deleter(wf.metadata.namespace ?? 'default', action);
}
