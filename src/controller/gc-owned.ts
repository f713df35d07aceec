/**
 * Kubernetes' garbage collection of owned objects, for the objects a resource template created with
 * `setOwnerReference: true`: when the owning Workflow is deleted, so are they (and, for owned
 * Workflows, what they own in turn, through their own deletion).
 */
import { NotFoundError } from '../errors/index.js';
import type { Resource, Store } from '../store/index.js';
import { isClusterScoped } from '../store/kinds.js';
import { STORE_KINDS } from './resource-target.js';

/** Set beside the owner reference on objects a resource template creates. */
export const OWNER_UID_LABEL = 'argosy.io/owner-workflow-uid';

/** Deletes the objects owned by the workflow with this uid; returns `Kind/name` of each. */
export async function deleteOwned(store: Store, namespace: string, uid: string): Promise<string[]> {
  if (!uid) return [];
  const deleted: string[] = [];
  for (const kind of STORE_KINDS) {
    const { items } = await store.list<Resource>(kind, {
      namespace: isClusterScoped(kind) ? '' : namespace,
      labelSelector: `${OWNER_UID_LABEL}=${uid}`,
      withNodes: false,
    });
    for (const obj of items) {
      if (!(obj.metadata.ownerReferences ?? []).some((o) => o.uid === uid)) continue;
      try {
        await store.delete(kind, obj.metadata.namespace ?? '', obj.metadata.name ?? '');
        deleted.push(`${kind}/${obj.metadata.name}`);
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err;
      }
    }
  }
  return deleted;
}
