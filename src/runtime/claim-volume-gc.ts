/**
 * Volumes made from a workflow's volumeClaimTemplates live as long as the workflow runs, as Argo's
 * PVCs do by default (volumeClaimGC OnWorkflowCompletion): once the workflow completes, or is
 * deleted, the container runtime removes them. Watched while the controller runs, and swept when
 * it starts and stops (a completion it did not see). Only for the container runtime.
 */
import { NotFoundError } from '../errors/index.js';
import type { Workflow } from '../spec/types.js';
import type { Store } from '../store/index.js';
import type { ContainerRuntime } from './container/container-runtime.js';

const DONE = new Set(['Succeeded', 'Failed', 'Error']);

/** Removes the claim volumes of every workflow that has completed or is gone. */
export async function sweepClaimVolumes(store: Store, runtime: ContainerRuntime): Promise<void> {
  for (const wf of await runtime.workflowsWithVolumes()) {
    let done = true;
    try {
      const stored = await store.get<Workflow>('Workflow', wf.namespace, wf.name);
      done = stored.metadata.uid !== wf.uid || DONE.has(stored.status?.phase ?? '');
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
    if (done) await runtime.removeWorkflowVolumes(wf.uid);
  }
}

/** Sweeps now, then removes a workflow's claim volumes when it completes; resolves with a stop function that sweeps once more. */
export async function removeClaimVolumesWhenDone(
  store: Store,
  runtime: ContainerRuntime,
  log?: (m: string) => void,
): Promise<() => Promise<void>> {
  const report = (err: Error) => log?.(`removing claim volumes: ${err.message}`);
  await sweepClaimVolumes(store, runtime).catch(report);
  const pending = new Set<Promise<void>>();
  const unwatch = await store.watch<Workflow>('Workflow', { withNodes: false }, (event) => {
    const wf = event.object;
    const uid = wf.metadata.uid;
    if (uid && event.type === 'DELETED' && wf.spec.podGC?.strategy) {
      // Pods kept for podGC go with their workflow, as Kubernetes deletes a workflow's pods with it.
      const removal = runtime
        .removeWorkflowPods(uid)
        .catch(report)
        .finally(() => pending.delete(removal));
      pending.add(removal);
    }
    if (!uid || !(wf.spec.volumeClaimTemplates ?? []).length) return;
    if (event.type !== 'DELETED' && !DONE.has(wf.status?.phase ?? '')) return;
    const removal = runtime
      .removeWorkflowVolumes(uid)
      .catch(report)
      .finally(() => pending.delete(removal));
    pending.add(removal);
  });
  return async () => {
    unwatch();
    await Promise.all([...pending]);
    await sweepClaimVolumes(store, runtime).catch(report);
  };
}
