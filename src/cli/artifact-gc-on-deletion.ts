/**
 * Deleting a workflow on the embedded store (EmbeddedClient.deleteWorkflow: `argosy delete`, the
 * runs of `argosy cron delete`; a server does the same for --server): the workflow is deleted the
 * way a controller would (controller/artifact-gc-finalizer.ts), and one held by the
 * artifact GC finalizer gets its GC attempt in this process before the command exits. When that
 * fails the workflow stays, being deleted, with the ArtifactGCError condition: a running controller
 * retries it, as does the next `argosy delete` of it; `--force` deletes it without its artifacts.
 */

import { loadControllerConfig } from '../config/index.js';
import {
  type DeletionResult,
  deleteWorkflowWithGc,
  forceDeleteWorkflow,
} from '../controller/artifact-gc-finalizer.js';
import { artifactDeleter, mayCollectOnDeletion } from '../controller/artifact-gc-on-deletion.js';
import { storeSecretReader } from '../controller/secret-reader.js';
import { executorServices } from '../executor/index.js';
import type { Workflow } from '../spec/types.js';
import type { Store } from '../store/index.js';

interface GcContext {
  home: string;
  namespace: string;
  store: Store;
}

/** Deletes a workflow with its OnWorkflowDeletion artifacts; `force`: without them (Argo's --force). */
export async function deleteOnEmbeddedStore(
  ctx: GcContext,
  name: string,
  force: boolean,
): Promise<DeletionResult> {
  if (force) return forceDeleteWorkflow(ctx.store, ctx.namespace, name);
  const wf = await ctx.store.get<Workflow>('Workflow', ctx.namespace, name, { withNodes: false });
  // A broken config fails here, before anything is deleted, as everywhere.
  if (mayCollectOnDeletion(wf)) loadControllerConfig(ctx.home, process.env.ARGOSY_CONFIG || undefined);
  const services = executorServices({ home: ctx.home, secrets: storeSecretReader(ctx.store) });
  return deleteWorkflowWithGc(ctx.store, ctx.namespace, name, artifactDeleter(services));
}

/** What `argosy delete` says about one workflow: stdout lines and stderr warnings. */
export function describeDeletion(name: string, result: DeletionResult): { out: string; warnings: string[] } {
  switch (result.state) {
    case 'deleted':
      return { out: `Workflow '${name}' deleted`, warnings: [] };
    case 'forced':
      return {
        out: `Workflow '${name}' deleted`,
        warnings: result.errors.map((e) => `workflow ${name}: ${e} (forceFinalizerRemoval: deleted anyway)`),
      };
    case 'held':
      return { out: `Workflow '${name}' is being deleted (held by finalizers)`, warnings: [] };
    case 'pending':
      return {
        out:
          `Workflow '${name}' is being deleted: it is kept (condition ArtifactGCError) until its artifacts are deleted. ` +
          `A running controller retries; or run 'argosy delete ${name}' again, or 'argosy delete --force ${name}' to delete it without them`,
        warnings: result.errors.map((e) => `workflow ${name}: ${e}`),
      };
  }
}
