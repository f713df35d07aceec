/**
 * DELETE /api/v1/workflows/{ns}/{name}: deletes the workflow, then its artifactGC
 * OnWorkflowDeletion artifacts (read with the workflow beforehand; see
 * controller/artifact-gc-on-deletion.ts). A failed artifact deletion is logged, not returned: the
 * workflow is gone either way, as with `argosy delete`.
 */
import {
  type ArtifactDeleter,
  artifactDeleter,
  collectArtifactsOnDeletion,
  mayCollectOnDeletion,
} from '../controller/artifact-gc-on-deletion.js';
import { storeSecretReader } from '../controller/secret-reader.js';
import { NotFoundError } from '../errors/index.js';
import { executorServices } from '../executor/index.js';
import type { Workflow } from '../spec/types.js';
import type { ServerContext } from './server-context.js';

export type WorkflowDeleter = (
  namespace: string,
  name: string,
  resourceVersion: string | undefined,
  warn: (message: string) => void,
) => Promise<void>;

export function workflowDeleter(ctx: ServerContext): WorkflowDeleter {
  // Without ARGOSY_HOME the server reaches no repository: workflows are deleted, artifacts stay.
  const deleter: ArtifactDeleter | undefined = ctx.home
    ? artifactDeleter(executorServices({ home: ctx.home, secrets: storeSecretReader(ctx.store) }))
    : undefined;
  return async (namespace, name, resourceVersion, warn) => {
    const wf = deleter ? await readForGc(ctx, namespace, name) : undefined;
    await ctx.resources.delete('Workflow', namespace, name, resourceVersion);
    if (!wf || !deleter) return;
    for (const e of await collectArtifactsOnDeletion(wf, deleter)) warn(`workflow ${name}: ${e}`);
  };
}

async function readForGc(ctx: ServerContext, namespace: string, name: string): Promise<Workflow | undefined> {
  try {
    const wf = await ctx.resources.get<Workflow>('Workflow', namespace, name);
    return mayCollectOnDeletion(wf) ? wf : undefined;
  } catch (err) {
    if (err instanceof NotFoundError) return undefined; // the delete reports it
    throw err;
  }
}
