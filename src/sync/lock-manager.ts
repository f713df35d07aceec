/**
 * The store-backed lock manager: acquire and release mutexes and semaphores for workflows and nodes.
 * Each lock's state is one SynchronizationLock resource, read, decided on (lock-state.ts) and written
 * back with its resourceVersion; a conflict (another controller wrote first) re-reads and decides
 * again. Dead holders and waiters are dropped when they stand in someone's way.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { LockObservation, LockRef, LockWaiting } from '../engine/gate-types.js';
import { AlreadyExistsError, ConflictError, NotFoundError } from '../errors/index.js';
import type { ResourceReader, ResourceWriter } from '../store/index.js';
import { isLive } from './liveness.js';
import {
  LOCK_KIND,
  type LockResource,
  lockNamespace,
  lockResourceName,
  newLockResource,
  stateOf,
  withState,
} from './lock-resource.js';
import {
  decideAcquire,
  holderKey,
  type LockEntry,
  type LockState,
  queueOrder,
  removeEntries,
  yieldHolding,
} from './lock-state.js';
import { lockLimit } from './semaphore-limit.js';

export interface WorkflowRef {
  namespace: string;
  name: string;
  uid: string;
}

export interface AcquireRequest {
  workflow: WorkflowRef;
  nodeId: string;
  locks: LockRef[];
  priority: number;
  creationTimestamp: string;
}

type LockStore = ResourceReader & ResourceWriter;

const MAX_ATTEMPTS = 50;

export class LockManager {
  constructor(
    private readonly store: LockStore,
    private readonly isAlive: (e: LockEntry) => Promise<boolean> = (e) => isLive(store, e),
  ) {}

  /** Tries to take every lock of the request; all or none are held afterwards. */
  async acquire(req: AcquireRequest): Promise<LockObservation> {
    const entry: LockEntry = {
      holder: holderKey(req.workflow.namespace, req.workflow.name, req.nodeId),
      namespace: req.workflow.namespace,
      workflow: req.workflow.name,
      uid: req.workflow.uid,
      nodeId: req.nodeId,
      priority: req.priority,
      creationTimestamp: req.creationTimestamp,
    };
    const taken: LockRef[] = [];
    for (const ref of req.locks) {
      const limit = await lockLimit(this.store, ref);
      if ('error' in limit) {
        await this.rollback(taken, entry.holder);
        return { kind: 'lock', nodeId: req.nodeId, acquired: false, error: limit.error };
      }
      const outcome = await this.acquireOne(ref, entry, limit.limit);
      if (!outcome.acquired) {
        await this.rollback(taken, entry.holder);
        const waiting: LockWaiting = { key: ref.key, kind: ref.kind, holders: outcome.holders };
        return {
          kind: 'lock',
          nodeId: req.nodeId,
          acquired: false,
          message: outcome.message,
          waiting: [waiting],
        };
      }
      if (!outcome.alreadyHeld) taken.push(ref);
    }
    return { kind: 'lock', nodeId: req.nodeId, acquired: true };
  }

  /** Releases a holder's locks (and its places in their queues). */
  async release(workflow: WorkflowRef, nodeId: string, locks: LockRef[]): Promise<void> {
    const holder = holderKey(workflow.namespace, workflow.name, nodeId);
    for (const ref of locks) await this.update(ref.key, (s) => removeEntries(s, (e) => e.holder === holder));
  }

  /** Drops every entry of a workflow (deleted) from every lock of its namespace. */
  async releaseWorkflow(namespace: string, name: string): Promise<void> {
    const { items } = await this.store.list<LockResource>(LOCK_KIND, { namespace });
    for (const res of items) {
      const s = stateOf(res);
      if (![...s.holders, ...s.waiting].some((e) => e.workflow === name && e.namespace === namespace))
        continue;
      await this.update(s.key, (st) =>
        removeEntries(st, (e) => e.workflow === name && e.namespace === namespace),
      );
    }
  }

  /** Current state of a lock, for status and tests. */
  async state(key: string): Promise<LockState | undefined> {
    try {
      return stateOf(
        await this.store.get<LockResource>(LOCK_KIND, lockNamespace(key), lockResourceName(key)),
      );
    } catch (err) {
      if (err instanceof NotFoundError) return undefined;
      throw err;
    }
  }

  private async rollback(taken: LockRef[], holder: string): Promise<void> {
    for (const ref of taken) await this.update(ref.key, (s) => yieldHolding(s, holder));
  }

  private async acquireOne(
    ref: LockRef,
    entry: LockEntry,
    limit: number,
  ): Promise<{ acquired: boolean; alreadyHeld: boolean; message?: string; holders: string[] }> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const res = await this.readOrCreate(ref.key, ref.kind);
      let state = stateOf(res);
      if (state.holders.some((h) => h.holder === entry.holder)) {
        return { acquired: true, alreadyHeld: true, holders: [] };
      }
      state = await this.pruneInTheWay(state, entry, limit);
      const decision = decideAcquire(state, entry, limit);
      try {
        await this.store.update(withState(res, decision.state));
      } catch (err) {
        if (err instanceof ConflictError || err instanceof NotFoundError) {
          await sleep(Math.random() * 5 * (attempt + 1));
          continue;
        }
        throw err;
      }
      return {
        acquired: decision.acquired,
        alreadyHeld: false,
        message: decision.message,
        holders: decision.state.holders.map((h) => h.holder),
      };
    }
    throw new ConflictError(`lock ${ref.key}: too many concurrent updates`);
  }

  /**
   * Drops dead entries that stand between the request and a slot: every holder when the lock is
   * full, and the waiters queued before the request. Live ones are asked once per call.
   */
  private async pruneInTheWay(state: LockState, entry: LockEntry, limit: number): Promise<LockState> {
    const ahead = [...state.waiting, entry].sort(queueOrder);
    const before = ahead.slice(
      0,
      ahead.findIndex((w) => w.holder === entry.holder),
    );
    const suspects = [...(state.holders.length >= limit ? state.holders : []), ...before];
    const dead = new Set<string>();
    for (const e of suspects) if (e.holder !== entry.holder && !(await this.isAlive(e))) dead.add(e.holder);
    return dead.size === 0 ? state : removeEntries(state, (e) => dead.has(e.holder));
  }

  private async readOrCreate(key: string, kind: 'mutex' | 'semaphore'): Promise<LockResource> {
    const namespace = lockNamespace(key);
    const name = lockResourceName(key);
    for (;;) {
      try {
        return await this.store.get<LockResource>(LOCK_KIND, namespace, name);
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err;
      }
      try {
        return await this.store.create(newLockResource(key, kind));
      } catch (err) {
        if (!(err instanceof AlreadyExistsError)) throw err;
      }
    }
  }

  private async update(key: string, change: (s: LockState) => LockState): Promise<void> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      let res: LockResource;
      try {
        res = await this.store.get<LockResource>(LOCK_KIND, lockNamespace(key), lockResourceName(key));
      } catch (err) {
        if (err instanceof NotFoundError) return;
        throw err;
      }
      const before = stateOf(res);
      const after = change(before);
      if (after.holders.length === before.holders.length && after.waiting.length === before.waiting.length) {
        if (after.holders.every((h, i) => h.holder === before.holders[i]?.holder)) return;
      }
      try {
        await this.store.update(withState(res, after));
        return;
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
        await sleep(Math.random() * 5 * (attempt + 1));
      }
    }
    throw new ConflictError(`lock ${key}: too many concurrent updates`);
  }
}
