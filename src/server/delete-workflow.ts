/**
 * DELETE /api/v1/workflows/{ns}/{name}: a workflow with artifactGC OnWorkflowDeletion artifacts is
 * held by the artifact GC finalizer, marked for deletion, and gets one GC attempt before the reply
 * (controller/artifact-gc-finalizer.ts): when it succeeds the workflow is gone, as before. When it
 * fails the workflow stays, with the ArtifactGCError condition, and the server's controller retries
 * with backoff; the reply is still 200 (the deletion was accepted), with a warning logged.
 * `?force=true` (Argo's DeleteWorkflowRequest.force) removes the finalizer first: no artifact GC.
 */
import { deleteWorkflowWithGc, forceDeleteWorkflow } from '../controller/artifact-gc-finalizer.js';
import { type ArtifactDeleter, artifactDeleter } from '../controller/artifact-gc-on-deletion.js';
import { storeSecretReader } from '../controller/secret-reader.js';
import { executorServices } from '../executor/index.js';
import type { ServerContext } from './server-context.js';

export type WorkflowDeleter = (
  namespace: string,
  name: string,
  resourceVersion: string | undefined,
  warn: (message: string) => void,
  /** Argo's `force`: remove the artifact GC finalizer first, deleting without the artifacts. */
  force?: boolean,
) => Promise<void>;

export function workflowDeleter(ctx: ServerContext): WorkflowDeleter {
  // Without ARGOSY_HOME the server reaches no repository: workflows are deleted, artifacts stay.
  const deleter: ArtifactDeleter | undefined = ctx.home
    ? artifactDeleter(executorServices({ home: ctx.home, secrets: storeSecretReader(ctx.store) }))
    : undefined;
  return async (namespace, name, resourceVersion, warn, force = false) => {
    ctx.resources.checkNamespace(namespace);
    const precondition = resourceVersion ? { resourceVersion } : {};
    if (force) return void (await forceDeleteWorkflow(ctx.store, namespace, name, precondition));
    const result = await deleteWorkflowWithGc(ctx.store, namespace, name, deleter, precondition);
    if (result.state === 'pending') {
      warn(
        `workflow ${name} is kept until its artifacts are deleted (condition ArtifactGCError, retried): ${result.errors.join('; ')}`,
      );
    } else if (result.state === 'forced') {
      warn(
        `workflow ${name} deleted (forceFinalizerRemoval), its artifacts not: ${result.errors.join('; ')}`,
      );
    }
  };
}
