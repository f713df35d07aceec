/**
 * artifactGC OnWorkflowDeletion for `argosy delete` on the embedded store (with --server, the server
 * collects them). The workflow is read before it is deleted; its artifacts go once the deletion
 * succeeded. A failure is a warning on stderr and does not bring the workflow back.
 */

import { loadControllerConfig } from '../config/index.js';
import {
  artifactDeleter,
  collectArtifactsOnDeletion,
  mayCollectOnDeletion,
} from '../controller/artifact-gc-on-deletion.js';
import { storeSecretReader } from '../controller/secret-reader.js';
import { NotFoundError } from '../errors/index.js';
import { executorServices } from '../executor/index.js';
import type { Workflow } from '../spec/types.js';
import type { Store } from '../store/index.js';

interface GcContext {
  home: string;
  namespace: string;
  store: Store;
}

/** The workflow as it is before deletion, when it may have artifacts to collect; else undefined. */
export async function workflowForDeletionGc(ctx: GcContext, name: string): Promise<Workflow | undefined> {
  let wf: Workflow;
  try {
    wf = await ctx.store.get<Workflow>('Workflow', ctx.namespace, name);
  } catch (err) {
    if (err instanceof NotFoundError) return undefined;
    throw err;
  }
  if (!mayCollectOnDeletion(wf)) return undefined;
  loadControllerConfig(ctx.home, process.env.ARGOSY_CONFIG || undefined); // a broken config fails here, as everywhere
  return wf;
}

/** Deletes the OnWorkflowDeletion artifacts of `wf`, which was just deleted. */
export async function collectArtifactsAfterDeletion(ctx: GcContext, wf: Workflow): Promise<void> {
  const services = executorServices({ home: ctx.home, secrets: storeSecretReader(ctx.store) });
  const errors = await collectArtifactsOnDeletion(wf, artifactDeleter(services));
  for (const e of errors) process.stderr.write(`warning: workflow ${wf.metadata.name}: ${e}\n`);
}
