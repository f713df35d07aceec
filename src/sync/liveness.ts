/**
 * Whether a lock entry's owner still needs it: its workflow exists (same uid), has not completed,
 * and — for a node — the node exists and is not fulfilled. Holders are derived from live workflows
 * this way, so a holder that died (deleted, completed while its release was lost, or its controller
 * crashed before releasing) never keeps a lock.
 */
import { NotFoundError } from '../errors/index.js';
import type { Workflow } from '../spec/types.js';
import type { ResourceReader } from '../store/index.js';
import type { LockEntry } from './lock-state.js';

const DONE = new Set(['Succeeded', 'Failed', 'Error', 'Skipped', 'Omitted']);

export async function isLive(store: ResourceReader, entry: LockEntry): Promise<boolean> {
  let wf: Workflow;
  try {
    wf = await store.get<Workflow>('Workflow', entry.namespace, entry.workflow, {
      withNodes: entry.nodeId !== '',
    });
  } catch (err) {
    if (err instanceof NotFoundError) return false;
    throw err;
  }
  if (entry.uid && wf.metadata.uid && wf.metadata.uid !== entry.uid) return false;
  if (DONE.has(wf.status?.phase ?? '')) return false;
  if (wf.metadata.deletionTimestamp) return false;
  if (entry.nodeId === '') return true;
  const node = wf.status?.nodes?.[entry.nodeId];
  return node !== undefined && !DONE.has(node.phase ?? '');
}
