/**
 * artifactGC OnWorkflowDeletion: before a workflow is deleted, the artifacts whose strategy says so
 * are deleted from their repositories. A failure is reported on stderr and does not keep the
 * workflow (Argo would hold it with a finalizer; here there is no one to retry later).
 */
import { loadControllerConfig } from '../config/index.js';
import { storeSecretReader } from '../controller/secret-reader.js';
import { artifactsToCollect, repositoryOfWorkflow } from '../engine/artifacts/index.js';
import { effectiveSpec } from '../engine/reconcile.js';
import { NotFoundError } from '../errors/index.js';
import { deleteArtifacts, executorServices } from '../executor/index.js';
import type { Workflow } from '../spec/types.js';
import type { Store } from '../store/index.js';

export async function collectArtifactsOnDeletion(
  ctx: { home: string; namespace: string; store: Store },
  name: string,
): Promise<void> {
  let wf: Workflow;
  try {
    wf = await ctx.store.get<Workflow>('Workflow', ctx.namespace, name);
  } catch (err) {
    if (err instanceof NotFoundError) return;
    throw err;
  }
  const spec = effectiveSpec(wf);
  const templates = [...(spec.templates ?? []), ...Object.values(wf.status?.storedTemplates ?? {})];
  const artifacts = artifactsToCollect(spec, wf.status?.nodes ?? {}, templates, 'OnWorkflowDeletion');
  if (artifacts.length === 0) return;
  loadControllerConfig(ctx.home, process.env.ARGOSY_CONFIG || undefined); // a broken config fails here, as everywhere
  const services = executorServices({ home: ctx.home, secrets: storeSecretReader(ctx.store) });
  const errors = await deleteArtifacts(artifacts, repositoryOfWorkflow(wf), ctx.namespace, services);
  for (const e of errors) process.stderr.write(`warning: workflow ${name}: ${e}\n`);
}
