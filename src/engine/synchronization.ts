/**
 * Synchronization (mutexes and semaphores) as engine decisions. A workflow or node that needs locks
 * waits (Pending, "Waiting for ... lock") and emits `acquireLock` on every reconcile until a lock
 * observation says it holds them; what it holds is recorded in status.synchronization as Argo shows
 * it, and released (`releaseLock`) when the node is fulfilled or the workflow completes.
 * The lock state itself lives in the store (src/sync); the engine only reads observations.
 */
import type { Vars } from '../expr/tags/index.js';
import type { NodeStatus, WorkflowStatus } from '../spec/types.js';
import { type Ctx, isFulfilled, putNode, requeueAfter } from './context.js';
import type { LockObservation, LockRef } from './gate-types.js';
import { substituteValue } from './substitution.js';

/** How often a waiting holder asks again when no lock change woke it (seconds). */
const WAIT_POLL_SECONDS = 5;

/** Argo's `synchronization` block, with the pre-3.6 singular `mutex` / `semaphore` too. */
export interface SyncSpec {
  mutexes?: MutexSpec[];
  semaphores?: SemaphoreSpec[];
  mutex?: MutexSpec;
  semaphore?: SemaphoreSpec;
}
interface MutexSpec {
  name?: string;
  namespace?: string;
  database?: boolean;
}
interface SemaphoreSpec {
  configMapKeyRef?: { name?: string; key?: string };
  database?: { key?: string };
  namespace?: string;
}

/** The locks a synchronization block asks for, with Argo's keys; tags substituted with `vars`. */
export function lockRefsOf(sync: SyncSpec | undefined, namespace: string, vars: Vars): LockRef[] {
  if (!sync) return [];
  const s = substituteValue(sync, vars, true);
  const refs: LockRef[] = [];
  for (const m of [...(s.mutexes ?? []), ...(s.mutex ? [s.mutex] : [])]) {
    const ns = m.namespace || namespace;
    refs.push({ key: `${ns}/Mutex/${m.name ?? ''}`, kind: 'mutex' });
  }
  for (const sem of [...(s.semaphores ?? []), ...(s.semaphore ? [s.semaphore] : [])]) {
    const ns = sem.namespace || namespace;
    if (sem.database) {
      const key = sem.database.key ?? '';
      refs.push({ key: `${ns}/Database/${key}`, kind: 'semaphore', databaseKey: key });
    } else {
      const name = sem.configMapKeyRef?.name ?? '';
      const key = sem.configMapKeyRef?.key ?? '';
      refs.push({
        key: `${ns}/ConfigMap/${name}/${key}`,
        kind: 'semaphore',
        configMap: { namespace: ns, name, key },
      });
    }
  }
  const seen = new Set<string>();
  return refs.filter((r) => !seen.has(r.key) && seen.add(r.key));
}

type SyncStatus = NonNullable<WorkflowStatus['synchronization']>;

function syncStatus(status: WorkflowStatus): SyncStatus {
  status.synchronization ??= {};
  return status.synchronization;
}

export function holdsLocks(status: WorkflowStatus, holder: string): boolean {
  const s = status.synchronization;
  return (
    (s?.mutex?.holding ?? []).some((h) => h.holder === holder) ||
    (s?.semaphore?.holding ?? []).some((h) => (h.holders ?? []).includes(holder))
  );
}

function recordHolding(status: WorkflowStatus, refs: LockRef[], holder: string): void {
  const s = syncStatus(status);
  for (const ref of refs) {
    if (ref.kind === 'mutex') {
      s.mutex ??= {};
      s.mutex.holding ??= [];
      const holding = s.mutex.holding;
      if (!holding.some((h) => h.mutex === ref.key && h.holder === holder))
        holding.push({ mutex: ref.key, holder });
      s.mutex.waiting = (s.mutex.waiting ?? []).filter((w) => w.mutex !== ref.key);
      if (s.mutex.waiting.length === 0) delete s.mutex.waiting;
    } else {
      s.semaphore ??= {};
      s.semaphore.holding ??= [];
      const holding = s.semaphore.holding;
      const entry = holding.find((h) => h.semaphore === ref.key);
      if (!entry) holding.push({ semaphore: ref.key, holders: [holder] });
      else if (!(entry.holders ?? []).includes(holder)) entry.holders = [...(entry.holders ?? []), holder];
      s.semaphore.waiting = (s.semaphore.waiting ?? []).filter((w) => w.semaphore !== ref.key);
      if (s.semaphore.waiting.length === 0) delete s.semaphore.waiting;
    }
  }
}

function recordWaiting(status: WorkflowStatus, obs: LockObservation): void {
  if (!obs.waiting?.length) return;
  const s = syncStatus(status);
  for (const w of obs.waiting) {
    if (w.kind === 'mutex') {
      s.mutex ??= {};
      const list = (s.mutex.waiting ?? []).filter((x) => x.mutex !== w.key);
      list.push({ mutex: w.key, holder: w.holders[0] ?? '' });
      s.mutex.waiting = list;
    } else {
      s.semaphore ??= {};
      const list = (s.semaphore.waiting ?? []).filter((x) => x.semaphore !== w.key);
      list.push({ semaphore: w.key, holders: w.holders });
      s.semaphore.waiting = list;
    }
  }
}

/** Removes a holder from status.synchronization; returns the locks it held. */
function removeHolding(status: WorkflowStatus, holder: string): LockRef[] {
  const s = status.synchronization;
  if (!s) return [];
  const released: LockRef[] = [];
  if (s.mutex?.holding) {
    for (const h of s.mutex.holding)
      if (h.holder === holder) released.push({ key: h.mutex ?? '', kind: 'mutex' });
    s.mutex.holding = s.mutex.holding.filter((h) => h.holder !== holder);
    if (s.mutex.holding.length === 0) delete s.mutex.holding;
  }
  if (s.semaphore?.holding) {
    for (const h of s.semaphore.holding) {
      if (!(h.holders ?? []).includes(holder)) continue;
      released.push({ key: h.semaphore ?? '', kind: 'semaphore' });
      h.holders = (h.holders ?? []).filter((x) => x !== holder);
    }
    s.semaphore.holding = s.semaphore.holding.filter((h) => (h.holders ?? []).length > 0);
    if (s.semaphore.holding.length === 0) delete s.semaphore.holding;
  }
  tidy(status);
  return released;
}

function tidy(status: WorkflowStatus): void {
  const s = status.synchronization;
  if (!s) return;
  if (s.mutex && Object.keys(s.mutex).length === 0) delete s.mutex;
  if (s.semaphore && Object.keys(s.semaphore).length === 0) delete s.semaphore;
  if (Object.keys(s).length === 0) delete status.synchronization;
}

/** The observation's message, else the one shown so far (answers are not repeated), else a first one. */
function waitingMessage(
  refs: LockRef[],
  obs: LockObservation | undefined,
  shown: string | undefined,
): string {
  if (obs?.message) return obs.message;
  if (shown?.startsWith('Waiting for ')) return shown;
  return `Waiting for ${refs[0]?.key ?? ''} lock`;
}

function acquire(ctx: Ctx, nodeId: string, refs: LockRef[]): void {
  ctx.actions.push({
    type: 'acquireLock',
    nodeId,
    locks: refs,
    priority: ctx.spec.priority ?? 0,
    creationTimestamp: String(ctx.wf.metadata?.creationTimestamp ?? ctx.now),
  });
}

export type GateOutcome = { state: 'go' } | { state: 'wait' } | { state: 'error'; message: string };

/**
 * Workflow-level synchronization: 'go' once the workflow holds its locks. While waiting, the
 * workflow is Pending with Argo's message; a lock that cannot exist errors the workflow.
 */
export function workflowLockGate(ctx: Ctx): GateOutcome {
  const refs = lockRefsOf(ctx.spec.synchronization as SyncSpec | undefined, namespaceOf(ctx), ctx.globals);
  if (refs.length === 0 || holdsLocks(ctx.status, ctx.name)) return { state: 'go' };
  const obs = ctx.gates?.locks.get('');
  if (obs?.error) return { state: 'error', message: obs.error };
  if (obs?.acquired) {
    recordHolding(ctx.status, refs, ctx.name);
    tidy(ctx.status);
    delete ctx.status.message;
    return { state: 'go' };
  }
  if (obs) recordWaiting(ctx.status, obs);
  // Lock changes wake the workflow; this is the fallback should such a wake-up be missed.
  requeueAfter(ctx, WAIT_POLL_SECONDS);
  ctx.status.phase = 'Pending';
  ctx.status.message = waitingMessage(refs, obs, ctx.status.message);
  acquire(ctx, '', refs);
  return { state: 'wait' };
}

/**
 * Template-level synchronization for a Pod node that has not started its pod: 'go' once it holds
 * its locks (recorded in status), else the node stays Pending with synchronizationStatus.waiting.
 */
export function nodeLockGate(
  ctx: Ctx,
  node: NodeStatus,
  sync: SyncSpec | undefined,
  vars: Vars,
): GateOutcome {
  const refs = lockRefsOf(sync, namespaceOf(ctx), vars);
  if (refs.length === 0 || holdsLocks(ctx.status, node.id)) return { state: 'go' };
  const obs = ctx.gates?.locks.get(node.id);
  if (obs?.error) return { state: 'error', message: obs.error };
  if (obs?.acquired) {
    recordHolding(ctx.status, refs, node.id);
    const { synchronizationStatus: _w, message: _m, ...rest } = node;
    putNode(ctx, rest);
    return { state: 'go' };
  }
  if (obs) recordWaiting(ctx.status, obs);
  requeueAfter(ctx, WAIT_POLL_SECONDS);
  const message = waitingMessage(refs, obs, node.message);
  if (node.synchronizationStatus?.waiting !== refs[0]?.key || node.message !== message) {
    putNode(ctx, { ...node, message, synchronizationStatus: { waiting: refs[0]?.key ?? '' } });
  }
  acquire(ctx, node.id, refs);
  return { state: 'wait' };
}

/**
 * Releases what fulfilled nodes hold, and everything once the workflow has completed (Argo releases
 * on completion, failure and error alike). O(holders).
 */
export function releaseFinishedLocks(ctx: Ctx): void {
  const s = ctx.status.synchronization;
  if (!s) return;
  const done = ['Succeeded', 'Failed', 'Error'].includes(ctx.status.phase ?? '');
  const holders = new Set<string>();
  for (const h of s.mutex?.holding ?? []) holders.add(h.holder ?? '');
  for (const h of s.semaphore?.holding ?? []) for (const x of h.holders ?? []) holders.add(x);
  for (const holder of holders) {
    const isWorkflow = holder === ctx.name;
    const active = ctx.nodes[holder] !== undefined && !isFulfilled(ctx.nodes[holder]);
    if (!done && (isWorkflow || active)) continue;
    const locks = removeHolding(ctx.status, holder);
    if (locks.length > 0) ctx.actions.push({ type: 'releaseLock', nodeId: isWorkflow ? '' : holder, locks });
  }
  if (done && ctx.status.synchronization) {
    delete ctx.status.synchronization.mutex?.waiting;
    delete ctx.status.synchronization.semaphore?.waiting;
    tidy(ctx.status);
  }
}

function namespaceOf(ctx: Ctx): string {
  return ctx.wf.metadata?.namespace ?? 'default';
}
