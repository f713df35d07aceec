/**
 * Executes the engine's synchronization, memoization and resource-template actions against the
 * store, and reports their outcomes as observations. Lock changes written by any controller wake
 * the workflows waiting for them (watchLockWaiters).
 */

import type { GateAction } from '../engine/gate-types.js';
import type { Action, Observation } from '../engine/index.js';
import { lookupMemo, saveMemo } from '../memo/memo-cache.js';
import type { Artifact } from '../spec/types.js';
import type { Store, Unsubscribe } from '../store/index.js';
import { isLive } from '../sync/liveness.js';
import { LockManager, type WorkflowRef } from '../sync/lock-manager.js';
import { LOCK_KIND, type LockResource } from '../sync/lock-resource.js';
import { performResource } from './resource-request.js';
import { workflowKey } from './workflow-key.js';

export interface GateOptions {
  store: Store;
  now: () => Date;
  /** How often a resource template's condition is checked again (ms). */
  resourcePollMs?: number;
  log?: (message: string) => void;
  /** Reads a workflow's artifact (a resource template's manifestFrom). */
  readArtifact?: (wf: WorkflowRef, artifact: Artifact) => Promise<string>;
}

export function isGateAction(action: Action): action is GateAction {
  return (
    action.type === 'acquireLock' ||
    action.type === 'releaseLock' ||
    action.type === 'memoLookup' ||
    action.type === 'memoSave' ||
    action.type === 'resourceRequest'
  );
}

export class GateExecutor {
  readonly locks: LockManager;
  private readonly stopping = new AbortController();
  /** The last waiting message reported per holder: an unchanged one is not reported again (no requeue loop). */
  private readonly lastWaiting = new Map<string, string>();

  constructor(private readonly options: GateOptions) {
    this.locks = new LockManager(options.store);
  }

  private inFlight = 0;

  /** Resource templates still being carried out or waited on. */
  busy(): boolean {
    return this.inFlight > 0;
  }

  /** Executes one action; a store failure is logged (the workflow asks again on its next reconcile). */
  async execute(action: GateAction, wf: WorkflowRef, observe: (o: Observation) => void): Promise<void> {
    try {
      await this.run(action, wf, observe);
    } catch (err) {
      this.options.log?.(
        `${action.type} for ${wf.namespace}/${wf.name}: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }

  private async run(action: GateAction, wf: WorkflowRef, observe: (o: Observation) => void): Promise<void> {
    const { store } = this.options;
    switch (action.type) {
      case 'acquireLock': {
        const obs = await this.locks.acquire({
          workflow: wf,
          nodeId: action.nodeId,
          locks: action.locks,
          priority: action.priority,
          creationTimestamp: action.creationTimestamp,
        });
        const holder = `${wf.namespace}/${wf.name}/${action.nodeId}`;
        if (!obs.acquired && !obs.error) {
          const text = JSON.stringify([obs.message, obs.waiting]);
          if (this.lastWaiting.get(holder) === text) return;
          this.lastWaiting.set(holder, text);
        } else this.lastWaiting.delete(holder);
        observe(obs);
        return;
      }
      case 'releaseLock':
        this.lastWaiting.delete(`${wf.namespace}/${wf.name}/${action.nodeId}`);
        await this.locks.release(wf, action.nodeId, action.locks);
        return;
      case 'memoLookup': {
        const found = await lookupMemo(
          store,
          action.namespace,
          action.cacheName,
          action.key,
          this.options.now(),
        );
        observe({ kind: 'memo', nodeId: action.nodeId, ...found });
        return;
      }
      case 'memoSave':
        await saveMemo(store, action, action.nodeId, action.outputs, this.options.now());
        return;
      case 'resourceRequest':
        this.inFlight++;
        void performResource(action.nodeId, action.request, {
          store,
          pollMs: this.options.resourcePollMs,
          signal: this.stopping.signal,
          stillWanted: () => this.nodeActive(wf, action.nodeId),
          readArtifact: this.options.readArtifact
            ? (artifact) => this.options.readArtifact?.(wf, artifact) ?? Promise.resolve('')
            : undefined,
        })
          .then((obs) => {
            if (obs) observe(obs);
          })
          .finally(() => {
            this.inFlight--;
          });
        return;
    }
  }

  /** Whether the workflow still exists (same uid) and its node is not fulfilled. */
  private async nodeActive(wf: WorkflowRef, nodeId: string): Promise<boolean> {
    return isLive(this.options.store, {
      holder: '',
      namespace: wf.namespace,
      workflow: wf.name,
      uid: wf.uid,
      nodeId,
      priority: 0,
      creationTimestamp: '',
    });
  }

  /** A deleted workflow gives up its locks and queue places (waking whoever waits). */
  async workflowDeleted(namespace: string, name: string): Promise<void> {
    for (const key of this.lastWaiting.keys())
      if (key.startsWith(`${namespace}/${name}/`)) this.lastWaiting.delete(key);
    await this.locks.releaseWorkflow(namespace, name);
  }

  /** Forgets the waiting messages of a workflow that this instance stopped reconciling. */
  forget(namespace: string, name: string): void {
    for (const key of this.lastWaiting.keys())
      if (key.startsWith(`${namespace}/${name}/`)) this.lastWaiting.delete(key);
  }

  stop(): void {
    this.stopping.abort();
  }
}

/** Calls `wake` with the key of every workflow waiting for a lock whenever that lock changes. */
export function watchLockWaiters(store: Store, wake: (workflowKey: string) => void): Promise<Unsubscribe> {
  return store.watch<LockResource>(LOCK_KIND, {}, (event) => {
    const waiting = event.object.status?.waiting ?? [];
    for (const w of new Set(waiting.map((e) => workflowKey(e.namespace, e.workflow)))) wake(w);
  });
}
