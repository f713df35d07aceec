/**
 * The state of one lock (a mutex, or a semaphore of some limit) and the pure decisions on it:
 * who may acquire, in which order, and what a waiter is told. The store keeps one such state per
 * lock (src/sync/lock-store.ts), so every controller sharing the store sees the same holders.
 */

export interface LockEntry {
  /** `<ns>/<workflow>` for a workflow, `<ns>/<workflow>/<nodeId>` for a node. */
  holder: string;
  namespace: string;
  workflow: string;
  /** The workflow's uid: a re-created workflow of the same name is someone else. */
  uid: string;
  /** '' for the workflow itself. */
  nodeId: string;
  priority: number;
  creationTimestamp: string;
}

export interface LockState {
  key: string;
  kind: 'mutex' | 'semaphore';
  holders: LockEntry[];
  /** In queue order. */
  waiting: LockEntry[];
}

export function holderKey(namespace: string, workflow: string, nodeId: string): string {
  return nodeId === '' ? `${namespace}/${workflow}` : `${namespace}/${workflow}/${nodeId}`;
}

/** Argo's queue order: higher priority first, then older creationTimestamp, then holder key. */
export function queueOrder(a: LockEntry, b: LockEntry): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  const ta = Date.parse(a.creationTimestamp);
  const tb = Date.parse(b.creationTimestamp);
  if (ta !== tb && !Number.isNaN(ta) && !Number.isNaN(tb)) return ta - tb;
  return a.holder < b.holder ? -1 : a.holder > b.holder ? 1 : 0;
}

export interface Decision {
  state: LockState;
  acquired: boolean;
  /** For a waiter: Argo's "Waiting for <key> lock. Lock status: <free>/<limit>". */
  message?: string;
}

/**
 * Decides a request on a lock whose dead holders and waiters have been removed. A holder keeps its
 * lock (idempotent); otherwise the request joins the queue, and may take a free slot only when it is
 * among the first `free` waiters in queue order.
 */
export function decideAcquire(state: LockState, request: LockEntry, limit: number): Decision {
  if (state.holders.some((h) => h.holder === request.holder)) return { state, acquired: true };
  const waiting = state.waiting.filter((w) => w.holder !== request.holder);
  waiting.push(request);
  waiting.sort(queueOrder);
  const free = Math.max(0, limit - state.holders.length);
  const position = waiting.findIndex((w) => w.holder === request.holder);
  if (position < free) {
    return {
      state: {
        ...state,
        holders: [...state.holders, request],
        waiting: waiting.filter((w) => w !== request),
      },
      acquired: true,
    };
  }
  return {
    state: { ...state, waiting },
    acquired: false,
    message: `Waiting for ${state.key} lock. Lock status: ${free}/${limit}`,
  };
}

/** Removes entries (holders and waiters) matching `gone`. */
export function removeEntries(state: LockState, gone: (e: LockEntry) => boolean): LockState {
  return {
    ...state,
    holders: state.holders.filter((e) => !gone(e)),
    waiting: state.waiting.filter((e) => !gone(e)),
  };
}

/** Moves a holder back to the queue (a multi-lock acquire that could not get all its locks). */
export function yieldHolding(state: LockState, holder: string): LockState {
  const entry = state.holders.find((h) => h.holder === holder);
  if (!entry) return state;
  const waiting = [...state.waiting.filter((w) => w.holder !== holder), entry].sort(queueOrder);
  return { ...state, holders: state.holders.filter((h) => h.holder !== holder), waiting };
}
