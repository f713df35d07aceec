/**
 * The workflow controller: watches Workflows, and for each one owned through a lease, runs the
 * level-triggered loop  read -> engine.reconcile -> write status -> act. Observations from the
 * runtime requeue their workflow. Several controllers (processes) may share one store: a
 * workflow is reconciled only by the holder of its lease.
 */

import type { DeleteArtifactsAction } from '../engine/artifacts/index.js';
import { type Observation, type ReconcileInput, reconcile } from '../engine/index.js';
import { ConflictError, NotFoundError } from '../errors/index.js';
import type { SavedArtifact } from '../executor/index.js';
import type { MetricsSink } from '../metrics/index.js';
import type { PodObservation, PodPlan } from '../runtime/pod-plan.js';
import type { Runtime, RuntimeSink } from '../runtime/runtime.js';
import type { Workflow } from '../spec/types.js';
import type { Store, WatchEventHeader } from '../store/index.js';
import { needsArtifactGcFinalizer, withArtifactGcFinalizer } from './artifact-gc-finalizer.js';
import type { ArtifactRepositoryResolver } from './artifact-repository-resolver.js';
import { storeConfigReader } from './config-reader.js';
import { type DeletionGcOptions, DeletionGcQueue } from './deletion-gc-queue.js';
import { type ArtifactPathLister, executeActions } from './execute-actions.js';
import { GateExecutor, type GateOptions, watchLockWaiters } from './gate-actions.js';
import { GcController } from './gc-controller.js';
import { LeaseKeeper } from './lease-keeper.js';
import { LogWriter } from './log-writer.js';
import { findLostPods } from './lost-pods.js';
import { ObservationInbox } from './observation-inbox.js';
import { WorkQueue } from './work-queue.js';
import { isCompletedPhase, parseWorkflowKey, workflowKey } from './workflow-key.js';

/** How long a Running observation may wait for the next reconcile of its workflow. */
const RUNNING_OBSERVATION_DELAY_MS = 100;

/** A controller is not idle while a workflow's ttlStrategy deletes it within this long. */
const IDLE_TTL_HORIZON_MS = 60_000;

export interface ControllerOptions {
  store: Store;
  runtime: Runtime;
  /** Unique id of this controller instance, e.g. `host:pid:random`. */
  holder: string;
  workers?: number;
  leaseTtlMs?: number;
  now?: () => Date;
  log?: (message: string) => void;
  /** See ReconcileInput.lostPodPolicy: `restart` for runtimes whose pods die with their controller (host). */
  lostPodPolicy?: 'error' | 'restart';
  /** Only workflows this returns true for are reconciled (the server's --namespaced / --instance-id). */
  accepts?: (wf: Workflow) => boolean;
  /** Called after each reconcile with its duration (the server's metrics). */
  onReconciled?: (durationMs: number) => void;
  /** Custom metrics (`metrics.prometheus`): told of every status this instance writes. */
  metrics?: MetricsSink;
  /** Decides a starting workflow's artifact repository (recorded in status.artifactRepositoryRef). */
  resolveArtifactRepository?: ArtifactRepositoryResolver;
  /** Saves a finished pod's log as its `main-logs` artifact (archiveLogs); resolves with the artifact or an error. */
  archiveLogs?: (plan: PodPlan) => Promise<SavedArtifact | { error: string }>;
  /**
   * Deletes artifacts; resolves with the failures. For artifactGC OnWorkflowCompletion (failures are
   * logged) and OnWorkflowDeletion: with it, workflows that may have such artifacts are held by the
   * finalizer workflows.argoproj.io/artifact-gc, and this controller collects them when they are deleted.
   */
  deleteArtifacts?: (namespace: string, action: DeleteArtifactsAction) => Promise<string[]>;
  /** Retry backoff of a failed deletion GC (and hooks for tests). */
  deletionGc?: Pick<DeletionGcOptions, 'initialBackoffMs' | 'maxBackoffMs' | 'schedule' | 'onAttempt'>;
  /** Lists a data template's source (full keys); without it, data templates end in Error. */
  listArtifactPaths?: ArtifactPathLister;
  /** Reads one of a workflow's artifacts as text (a resource template's manifestFrom). */
  readArtifact?: GateOptions['readArtifact'];
}

export class WorkflowController {
  private readonly queue: WorkQueue;
  private readonly inbox = new ObservationInbox();
  private readonly logs: LogWriter;
  private readonly leases: LeaseKeeper;
  /** Workflows this instance has reconciled at least once (lost pods are looked for only the first time). */
  private readonly adopted = new Set<string>();
  /**
   * The workflow as this instance last stored it, reused by the next reconcile instead of a read of
   * every node row: the engine keeps its incremental indexes on it. A change made elsewhere (the CLI's
   * resume, stop...) makes the next write conflict; the cache is then dropped and the workflow re-read.
   */
  private readonly cache = new Map<string, Workflow>();
  /** Pods this instance started and has not seen end, per workflow: stopped when it is deleted. */
  private readonly pods = new Map<string, Set<string>>();
  private readonly completionWaiters = new Map<string, Array<(wf: Workflow) => void>>();
  private unwatch: (() => void) | undefined;
  private unwatchLocks: (() => void) | undefined;
  /** Pods whose log is to be saved as an artifact when they end (archiveLogs), by pod name. */
  private readonly logArchives = new Map<string, PodPlan>();
  /** Artifact deletions (artifactGC) not finished yet: the controller is not idle while there are some. */
  private gcInFlight = 0;
  private readonly now: () => Date;
  /** Synchronization, memoization and resource templates. */
  private readonly gates: GateExecutor;
  private readonly readConfig: ReturnType<typeof storeConfigReader>;
  /** ttlStrategy and podGC. */
  readonly gc: GcController;
  /** artifactGC OnWorkflowDeletion of workflows being deleted (when artifacts can be deleted). */
  readonly deletionGc: DeletionGcQueue | undefined;

  constructor(private readonly options: ControllerOptions) {
    this.now = options.now ?? (() => new Date());
    this.queue = new WorkQueue((key) => this.timedReconcile(key), {
      workers: options.workers ?? 4,
      onError: (key, err) =>
        this.log(`reconcile ${key} failed: ${err instanceof Error ? err.message : String(err)}`),
    });
    this.logs = new LogWriter((key, stream, chunk) => options.store.appendLog(key, stream, chunk), {
      onError: (err) => this.log(`log write failed: ${String(err)}`),
    });
    this.leases = new LeaseKeeper(options.store, options.holder, options.leaseTtlMs ?? 10_000);
    this.readConfig = storeConfigReader(options.store);
    this.gates = new GateExecutor({
      store: options.store,
      now: this.now,
      log: (m) => this.log(m),
      readArtifact: options.readArtifact,
    });
    this.deletionGc = options.deleteArtifacts
      ? new DeletionGcQueue({
          ...options.deletionGc,
          store: options.store,
          deleteArtifacts: options.deleteArtifacts,
          now: this.now,
          log: (m) => this.log(m),
        })
      : undefined;
    this.gc = new GcController({
      store: options.store,
      runtime: options.runtime,
      now: this.now,
      log: (m) => this.log(m),
      ...(this.deletionGc ? { deletionGc: this.deletionGc } : {}),
    });
  }

  /** Starts watching and enqueues every workflow that has not completed. */
  async start(): Promise<void> {
    const watchOptions = {
      withNodes: false,
      // Echoes of our own writes are passed over before their object is even parsed.
      skip: (h: WatchEventHeader) =>
        h.type !== 'DELETED' &&
        Number(h.resourceVersion) <=
          Number(this.cache.get(workflowKey(h.namespace, h.name))?.metadata.resourceVersion ?? -1),
    };
    this.unwatch = await this.options.store.watch('Workflow', watchOptions, (event) => {
      const wf = event.object as Workflow;
      const key = workflowKey(wf.metadata.namespace ?? 'default', wf.metadata.name ?? '');
      if (event.type === 'DELETED') return void this.deleted(key);
      if (this.options.accepts && !this.options.accepts(wf)) return;
      if (wf.metadata.deletionTimestamp) return void this.beingDeleted(key, wf);
      // Our own write coming back, or one older than it (our write would have conflicted with a
      // newer one): nothing new. A newer version is someone else's change (resume, stop, retry...):
      // re-read before the next reconcile.
      const cachedVersion = Number(this.cache.get(key)?.metadata.resourceVersion ?? -1);
      if (Number(wf.metadata.resourceVersion) <= cachedVersion) return;
      this.cache.delete(key);
      if (isCompletedPhase(wf.status?.phase)) this.notifyCompleted(key, wf);
      else this.queue.add(key);
    });
    this.unwatchLocks = await watchLockWaiters(this.options.store, (key) => this.queue.add(key));
    await this.gc.start();
  }

  /**
   * Stops work and releases this controller's leases. `beforeRelease` runs while they are still
   * held: closing the runtime there means no step of a workflow is still being created by this
   * process when another controller takes the workflow over (a container created after the handoff
   * collided with the one the next controller created).
   */
  async stop(beforeRelease?: () => Promise<void>): Promise<void> {
    this.unwatch?.();
    this.unwatchLocks?.();
    this.gates.stop();
    this.gc.stop();
    this.deletionGc?.stop();
    this.queue.close();
    await beforeRelease?.();
    await this.logs.flush();
    await this.leases.releaseAll();
  }

  /** True when nothing is queued, scheduled or running in this process. */
  isIdle(): boolean {
    return (
      this.queue.length === 0 &&
      !this.queue.hasScheduled() &&
      this.options.runtime.running().length === 0 &&
      !this.gates.busy() &&
      !this.gc.dueWithin(IDLE_TTL_HORIZON_MS) &&
      this.gcInFlight === 0 &&
      !this.deletionGc?.busy()
    );
  }

  /** Resolves with the workflow once it has completed (Succeeded, Failed or Error). */
  whenCompleted(namespace: string, name: string): Promise<Workflow> {
    const key = workflowKey(namespace, name);
    return new Promise((resolve) => {
      const list = this.completionWaiters.get(key) ?? [];
      list.push(resolve);
      this.completionWaiters.set(key, list);
      this.queue.add(key);
    });
  }

  /** Keys waiting in the work queue (metrics). */
  queueDepth(): number {
    return this.queue.length;
  }

  private async timedReconcile(key: string): Promise<void> {
    const started = performance.now();
    try {
      await this.reconcileKey(key);
    } finally {
      this.options.onReconciled?.(performance.now() - started);
    }
  }

  private async reconcileKey(key: string): Promise<void> {
    const { namespace, name } = parseWorkflowKey(key);
    const { store, runtime } = this.options;
    if (!(await this.leases.acquire(key))) {
      // Another live controller owns it; look again later in case it dies.
      this.queue.addAfter(key, this.leases.retryAfterMs());
      return;
    }
    let wf: Workflow;
    const cached = this.cache.get(key);
    if (cached) wf = cached;
    else {
      try {
        wf = await store.get<Workflow>('Workflow', namespace, name);
      } catch (err) {
        if (err instanceof NotFoundError) return void this.forget(key);
        throw err;
      }
    }
    if (wf.metadata.deletionTimestamp) return void this.beingDeleted(key, wf);
    if (isCompletedPhase(wf.status?.phase)) {
      this.notifyCompleted(key, wf);
      return void this.forget(key);
    }
    // Take over first: outcomes recorded while no controller listened join this reconcile's observations
    // (pushed after the drain, they would wait for an event that may never come).
    const lostPods = this.adopted.has(key) ? undefined : this.takeOver(key, wf);
    const observations = this.inbox.drain(key);
    const before = summary(wf);
    const repository = await this.artifactRepositoryFor(wf);
    const result = reconcile({
      workflow: wf,
      observations,
      now: this.now().toISOString(),
      lostPods,
      lostPodPolicy: this.options.lostPodPolicy,
      ...repository,
    });
    // Held by the artifact GC finalizer from its first write, so a deletion waits for its artifacts.
    // Looked at once per workflow and instance (the check reads the spec: not on every status write).
    const hold = this.deletionGc !== undefined && !this.adopted.has(key) && needsArtifactGcFinalizer(wf);
    const next: Workflow = { ...(hold ? withArtifactGcFinalizer(wf) : wf), status: result.status };
    let saved: Workflow = next;
    try {
      // Nothing changed (a requeue, a timer): no write, so no watch event to wake us again.
      if (hold || result.changedNodeIds.length > 0 || summary(next) !== before) {
        // Only status changed: the store leaves the spec alone (O(changed nodes), not O(spec)).
        saved = await store.update(next, {
          changedNodeIds: result.changedNodeIds,
          specUnchanged: true,
          relaxedDurability: true,
        });
      }
    } catch (err) {
      // The engine changed wf.status in place: that copy is no longer what is stored.
      this.cache.delete(key);
      this.inbox.restore(key, observations);
      if (err instanceof ConflictError) return void this.queue.add(key);
      if (err instanceof NotFoundError) return void this.forget(key);
      throw err;
    }
    this.cache.set(key, saved);
    this.adopted.add(key);
    this.options.metrics?.afterReconcile(saved, result.changedNodeIds);
    this.gc.afterReconcile(saved, result.changedNodeIds, false);
    this.releaseRecorded(observations);
    for (const action of result.actions) {
      if (action.type === 'startPod') this.podsOf(key).add(action.plan.podName);
      if (action.type === 'startPod' && action.plan.artifactRepository?.archiveLogs) {
        this.logArchives.set(action.plan.podName, action.plan);
      }
    }
    await executeActions(result.actions, {
      runtime,
      sink: this.sinkFor(key, namespace, name),
      readConfig: this.readConfig,
      observe: (obs) => this.deliver(key, obs),
      requeueAfter: (ms) => this.queue.addAfter(key, ms),
      gates: { executor: this.gates, workflow: { namespace, name, uid: saved.metadata.uid ?? '' } },
      listArtifactPaths: this.options.listArtifactPaths
        ? (action) => this.options.listArtifactPaths?.(namespace, action) ?? Promise.resolve([])
        : undefined,
      deleteArtifacts: (action) => {
        const gc = this.options.deleteArtifacts?.(namespace, action);
        if (!gc) return;
        this.gcInFlight += 1;
        void gc
          .then((errors) => {
            for (const e of errors) this.log(`artifact GC of ${key}: ${e}`);
          })
          .finally(() => {
            this.gcInFlight -= 1;
          });
      },
    });
    if (isCompletedPhase(saved.status?.phase)) {
      this.notifyCompleted(key, saved);
      await this.forget(key);
    }
  }

  /** The repository to record for a workflow that has none yet; a bad reference fails the workflow. */
  private async artifactRepositoryFor(wf: Workflow): Promise<Pick<ReconcileInput, 'artifactRepositoryRef'>> {
    const resolve = this.options.resolveArtifactRepository;
    if (!resolve || wf.status?.artifactRepositoryRef) return {};
    try {
      return { artifactRepositoryRef: await resolve(wf) };
    } catch (err) {
      const now = this.now().toISOString();
      wf.status = {
        ...wf.status,
        phase: 'Error',
        message: err instanceof Error ? err.message : String(err),
        startedAt: wf.status?.startedAt ?? now,
        finishedAt: now,
      };
      return {};
    }
  }

  /**
   * First reconcile of a workflow by this instance: pods whose outcome a runtime recorded while no
   * controller listened are delivered as observations; the rest are lost (the engine restarts or fails them).
   */
  private takeOver(key: string, wf: Workflow): string[] {
    const { runtime } = this.options;
    const lost: string[] = [];
    for (const pod of findLostPods(wf, runtime.running())) {
      // Already in the inbox: put back by a reconcile whose write failed.
      if (this.inbox.holds(key, pod.podName)) continue;
      const recorded = runtime.recover?.(pod.podName);
      if (recorded) this.inbox.push(key, recorded);
      else lost.push(pod.podName);
    }
    return lost;
  }

  /** The status now holds these pods' outcomes: their runtime records can go. */
  private releaseRecorded(observations: Observation[]): void {
    const release = this.options.runtime.release;
    if (!release) return;
    for (const o of observations) {
      if (!('kind' in o) && o.phase !== 'Pending' && o.phase !== 'Running')
        release.call(this.options.runtime, o.podName);
    }
  }

  private sinkFor(key: string, namespace: string, workflow: string): RuntimeSink {
    return {
      observe: (obs: PodObservation) => {
        if (obs.phase === 'Pending' || obs.phase === 'Running') {
          // Not urgent: a short step's final observation usually follows within milliseconds and
          // both are then written in one reconcile instead of two.
          this.inbox.push(key, obs);
          this.queue.addAfter(key, RUNNING_OBSERVATION_DELAY_MS);
          return;
        }
        this.pods.get(key)?.delete(obs.podName);
        // Logs first, so `argosy logs` after completion shows everything.
        void this.logs
          .flush()
          .then(() => this.archiveLogsOf(key, obs))
          .then(() => {
            this.logs.forgetPod(namespace, workflow, obs.podName);
            this.deliver(key, obs);
          });
      },
      log: (podName, container, stream, chunk) =>
        this.logs.write({ namespace, workflow, podName, container }, stream, chunk),
    };
  }

  /** archiveLogs: adds the `main-logs` artifact to a final observation (a failure to save is logged). */
  private async archiveLogsOf(key: string, obs: PodObservation): Promise<void> {
    const plan = this.logArchives.get(obs.podName);
    const archive = this.options.archiveLogs;
    if (!plan || !archive) return;
    this.logArchives.delete(obs.podName);
    const saved = await archive(plan).catch((err: unknown) => ({ error: String(err) }));
    if ('error' in saved) return void this.log(`archiveLogs of ${key} ${obs.podName}: ${saved.error}`);
    obs.outputs ??= { parameters: [], artifacts: [] };
    obs.outputs.artifacts = [...obs.outputs.artifacts, saved];
  }

  private deliver(key: string, observation: Observation): void {
    this.inbox.push(key, observation);
    this.queue.add(key);
  }

  private notifyCompleted(key: string, wf: Workflow): void {
    const waiters = this.completionWaiters.get(key);
    if (!waiters) return;
    this.completionWaiters.delete(key);
    for (const resolve of waiters) resolve(wf);
  }

  private podsOf(key: string): Set<string> {
    const set = this.pods.get(key) ?? new Set<string>();
    this.pods.set(key, set);
    return set;
  }

  /**
   * A workflow marked for deletion (held by a finalizer): it is not reconciled any more, its steps
   * are stopped as if it were gone, and its artifact GC is attempted.
   */
  private async beingDeleted(key: string, wf: Workflow): Promise<void> {
    const { namespace, name } = parseWorkflowKey(key);
    await this.deleted(key, false);
    this.deletionGc?.enqueue(namespace, name, wf.metadata.resourceVersion);
  }

  /** A deleted workflow's steps are stopped (as Kubernetes deletes a deleted workflow's pods). */
  private async deleted(key: string, gone = true): Promise<void> {
    if (gone) {
      const { namespace, name } = parseWorkflowKey(key);
      this.deletionGc?.forget(namespace, name);
    }
    const running = [...(this.pods.get(key) ?? [])];
    this.pods.delete(key);
    await this.forget(key);
    const { namespace, name } = parseWorkflowKey(key);
    this.options.metrics?.forget(namespace, name);
    await this.gates
      .workflowDeleted(namespace, name)
      .catch((err) => this.log(`releasing the locks of ${key}: ${String(err)}`));
    const { runtime } = this.options;
    await Promise.all(
      running.map(async (pod) => {
        await runtime.stop(pod, 'terminate');
        runtime.release?.(pod);
      }),
    );
  }

  private async forget(key: string): Promise<void> {
    const { namespace, name } = parseWorkflowKey(key);
    this.gates.forget(namespace, name);
    this.adopted.delete(key);
    this.cache.delete(key);
    await this.leases.release(key);
  }

  private log(message: string): void {
    this.options.log?.(message);
  }
}

/** The status without its nodes (small), to tell whether a reconcile changed anything. */
function summary(wf: Workflow): string {
  const { nodes: _nodes, ...rest } = wf.status ?? {};
  return JSON.stringify(rest);
}
