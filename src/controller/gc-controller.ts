/**
 * The GC loop: deletes completed workflows whose ttlStrategy has expired (those with artifactGC
 * OnWorkflowDeletion artifacts through the artifact GC finalizer: see deletion-gc-queue.ts), and
 * releases pods when the podGC strategy says (the runtime's `release` hook frees what it keeps of a
 * pod). The clock is injected: `sweep()` deletes everything due at `now()`, and a timer calls it at the next deadline.
 * Several controllers may run it on one store: a workflow already deleted is simply skipped.
 */
import { NotFoundError } from '../errors/index.js';
import type { Runtime } from '../runtime/runtime.js';
import type { Workflow } from '../spec/types.js';
import type { Store, Unsubscribe, WatchEventHeader } from '../store/index.js';
import { requestWorkflowDeletion } from './artifact-gc-finalizer.js';
import type { DeletionGcQueue } from './deletion-gc-queue.js';
import { deleteOwned } from './gc-owned.js';
import { podsToRelease, ttlDeadline } from './gc-policy.js';
import { parseWorkflowKey, workflowKey } from './workflow-key.js';

export interface GcOptions {
  store: Store;
  runtime?: Runtime;
  now?: () => Date;
  log?: (message: string) => void;
  /** Longest sleep between sweeps (ms), so a changed clock is noticed. Default 60 s. */
  maxSleepMs?: number;
  /**
   * Artifact GC of the workflows the TTL deletes: one that may have OnWorkflowDeletion artifacts is
   * held by the artifact GC finalizer and handed to this queue, which deletes them, then the workflow.
   * Without it workflows are deleted plainly (a finalizer already on one still holds it).
   */
  deletionGc?: DeletionGcQueue;
}

export class GcController {
  /** Workflow key -> when ttlStrategy deletes it (ms since the epoch). */
  private readonly due = new Map<string, number>();
  private readonly podTimers = new Set<NodeJS.Timeout>();
  private timer: NodeJS.Timeout | undefined;
  private unwatch: Unsubscribe | undefined;
  private readonly now: () => Date;
  private stopped = false;

  constructor(private readonly options: GcOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** Watches workflows (their completion schedules the TTL) and sweeps what is already due. */
  async start(): Promise<void> {
    // Completions this controller makes reach `afterReconcile`; other controllers track their own, and
    // what nobody tracked is found by the next start's initial ADDED events. So changes are passed
    // over unparsed (they are most of the events), only additions and deletions are read.
    const options = { withNodes: false, skip: (h: WatchEventHeader) => h.type === 'MODIFIED' };
    this.unwatch = await this.options.store.watch<Workflow>('Workflow', options, (event) => {
      const key = workflowKey(event.object.metadata.namespace ?? 'default', event.object.metadata.name ?? '');
      if (event.type === 'DELETED') {
        this.due.delete(key);
        void this.collectOwned(event.object);
      } else this.track(event.object);
    });
    await this.sweep();
  }

  stop(): void {
    this.stopped = true;
    this.unwatch?.();
    if (this.timer) clearTimeout(this.timer);
    for (const t of this.podTimers) clearTimeout(t);
    this.podTimers.clear();
  }

  /** Notes a workflow's TTL deadline (or forgets it when it has none). */
  track(wf: Workflow): void {
    const key = workflowKey(wf.metadata.namespace ?? 'default', wf.metadata.name ?? '');
    const deadline = ttlDeadline(wf);
    if (deadline === undefined) this.due.delete(key);
    else {
      this.due.set(key, deadline);
      this.schedule();
    }
  }

  /** Deletes what a deleted workflow owned (setOwnerReference), as Kubernetes' GC would. */
  async collectOwned(wf: Workflow): Promise<void> {
    try {
      const gone = await deleteOwned(
        this.options.store,
        wf.metadata.namespace ?? 'default',
        wf.metadata.uid ?? '',
      );
      for (const g of gone) this.options.log?.(`owner ${wf.metadata.name} deleted: deleted ${g}`);
    } catch (err) {
      this.options.log?.(
        `deleting what ${wf.metadata.name} owned: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }

  /** Whether some workflow's TTL expires within `ms` (a controller about to exit waits for it). */
  dueWithin(ms: number): boolean {
    const limit = this.now().getTime() + ms;
    for (const d of this.due.values()) if (d <= limit) return true;
    return false;
  }

  /** Workflows whose TTL has not expired yet, with their deadlines (for status and tests). */
  pending(): Map<string, number> {
    return new Map(this.due);
  }

  /** Deletes every tracked workflow whose TTL has expired; returns their keys. */
  async sweep(): Promise<string[]> {
    const nowMs = this.now().getTime();
    const deleted: string[] = [];
    for (const [key, deadline] of [...this.due]) {
      if (deadline > nowMs) continue;
      this.due.delete(key);
      const { namespace, name } = parseWorkflowKey(key);
      try {
        // Re-read: a retried or resubmitted workflow is no longer due.
        const wf = await this.options.store.get<Workflow>('Workflow', namespace, name, { withNodes: false });
        const current = ttlDeadline(wf);
        if (current === undefined) continue;
        if (current > nowMs) {
          this.due.set(key, current);
          continue;
        }
        if (wf.metadata.deletionTimestamp) continue; // already being deleted
        const { held } = await requestWorkflowDeletion(this.options.store, namespace, name, {
          resourceVersion: wf.metadata.resourceVersion,
          gc: this.options.deletionGc !== undefined,
        });
        deleted.push(key);
        this.options.log?.(`ttlStrategy: ${held ? 'deleting' : 'deleted'} workflow ${key}`);
        if (held) this.options.deletionGc?.enqueue(namespace, name);
      } catch (err) {
        if (err instanceof NotFoundError) continue;
        this.options.log?.(
          `ttlStrategy: deleting ${key}: ${err instanceof Error ? err.message : String(err)}`,
        );
        this.due.set(key, nowMs + 5000);
      }
    }
    this.schedule();
    return deleted;
  }

  /**
   * After a reconcile stored `wf`: releases the pods its podGC strategy collects now, each after
   * deleteDelayDuration. `wasCompleted`: the workflow had completed before this reconcile.
   */
  afterReconcile(wf: Workflow, changedNodeIds: Iterable<string>, wasCompleted: boolean): void {
    const runtime = this.options.runtime;
    if (runtime?.release || runtime?.collect) {
      // A runtime that keeps pods for podGC removes them on collect; others on release.
      const collect = (podName: string) =>
        runtime.collect ? runtime.collect(podName) : runtime.release?.(podName);
      for (const { podName, delayMs } of podsToRelease(wf, changedNodeIds, wasCompleted)) {
        if (delayMs <= 0) collect(podName);
        else {
          const t = setTimeout(() => {
            this.podTimers.delete(t);
            collect(podName);
          }, delayMs);
          t.unref();
          this.podTimers.add(t);
        }
      }
    }
    this.track(wf);
  }

  private schedule(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.due.size === 0) return;
    const next = Math.min(...this.due.values());
    const wait = Math.min(Math.max(0, next - this.now().getTime()), this.options.maxSleepMs ?? 60_000);
    this.timer = setTimeout(() => void this.sweep(), wait);
    this.timer.unref();
  }
}
