/**
 * The `container` runtime: pod plans run as containers through the Docker Engine API (podman's
 * Docker-compatible socket or Docker's). Everything it creates is labelled with the Argosy home's
 * scope, workflow, node and pod, so a restarted controller finds its pods again: finished ones are
 * recovered (their outcome read from the containers), running ones adopted when the workflow asks
 * for them again; containers are removed once their outcome is stored (release).
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { type ExecutorServices, executorServices } from '../../executor/index.js';
import type { PodObservation, PodPlan } from '../pod-plan.js';
import type { Runtime, RuntimeSink, StopReason } from '../runtime.js';
import { checkContainerPlan } from './check-plan.js';
import { ContainerPod, type FoundContainer, type PodReport } from './container-pod.js';
import { connectEngine, type Engine } from './engine-client.js';
import { LABEL, labelFilter, listVolumesLabelled, MANAGED_BY, type Role, scopeId } from './labels.js';
import { configVolumesDir } from './pod-volumes.js';
import { recoverPods } from './recovery.js';

export interface ContainerRuntimeOptions {
  /** What this runtime's pods belong to, usually the Argosy home directory: only its own pods are adopted or cleaned. */
  scope: string;
  /** Artifacts are staged under this directory while copied in or out of containers (e.g. $ARGOSY_HOME/pods). */
  stagingDir: string;
  /** Artifact drivers and secrets for the executor. Default: local repository under `<stagingDir>/.argosy-artifacts`, as the host runtime's. */
  artifacts?: ExecutorServices;
  /** An engine already connected; default: connectEngine() (DOCKER_HOST, then the usual sockets). */
  engine?: Engine;
  /** Time between SIGTERM and SIGKILL when a pod or sidecar is stopped. Default 2 s. */
  killGraceMs?: number;
  /** Log bytes per container forwarded to the sink. Default 16 MiB. */
  maxLogBytes?: number;
  /** A finished pod not released within this time is removed anyway. Default 30 s. */
  unreleasedGraceMs?: number;
  /** Keep finished pods' containers instead of removing them on release (debugging). */
  keepContainers?: boolean;
}

interface Tracked {
  pod: ContainerPod;
  sink: RuntimeSink;
  done: Promise<void>;
}

export class ContainerRuntime implements Runtime {
  readonly name = 'container';
  private readonly pods = new Map<string, Tracked>();
  /** Finished pods found at prepare(): their final observations, until released. */
  private readonly recovered = new Map<string, PodObservation>();
  /** Pods still running at prepare(): adopted when the workflow starts them again. */
  private readonly adoptable = new Map<string, { startedAt: string; found: FoundContainer[] }>();
  private readonly removals = new Set<Promise<void>>();
  /** What pods that ended in this process created, for release() to remove without a lookup. */
  private readonly finished = new Map<string, RemovalSet>();
  /** Released pods kept for podGC (plans with `retain`), until collect() or their workflow's deletion. */
  private readonly kept = new Map<string, RemovalSet | undefined>();
  /** Pods started in this process whose plan asks to be kept after release. */
  private readonly retained = new Set<string>();
  private readonly scope: string;
  private readonly artifacts: ExecutorServices;
  private engine: Engine | undefined;
  /** Counts close() calls: a start under way (looking for a pod left earlier) when one came starts nothing. */
  private closings = 0;

  constructor(private readonly options: ContainerRuntimeOptions) {
    this.scope = scopeId(options.scope);
    this.artifacts =
      options.artifacts ??
      executorServices({
        home: options.stagingDir,
        localRoot: join(options.stagingDir, '.argosy-artifacts'),
      });
    this.engine = options.engine;
  }

  /** Connects (a clear EngineUnavailableError when no engine answers) and looks for pods left by an earlier controller. */
  async prepare(): Promise<Engine> {
    this.engine ??= await connectEngine();
    const found = await recoverPods(this.engine, this.scope, this.options.stagingDir, this.artifacts);
    for (const [podName, obs] of found.finished) this.recovered.set(podName, obs);
    for (const [podName, pod] of found.running) this.adoptable.set(podName, pod);
    return this.engine;
  }

  check(plan: PodPlan): void {
    checkContainerPlan(plan);
  }

  async start(plan: PodPlan, sink: RuntimeSink): Promise<void> {
    checkContainerPlan(plan);
    if (this.pods.has(plan.podName)) return;
    const closings = this.closings;
    const engine = this.engine ?? (await this.prepare());
    let adopt = this.adoptable.get(plan.podName);
    this.adoptable.delete(plan.podName);
    if (!adopt && !this.recovered.has(plan.podName) && !this.finished.has(plan.podName)) {
      // Another controller process (since killed) may have started it after this one's prepare().
      const found = await recoverPods(
        engine,
        this.scope,
        this.options.stagingDir,
        this.artifacts,
        plan.podName,
      );
      if (this.pods.has(plan.podName)) return;
      adopt = found.running.get(plan.podName);
      const ended = found.finished.get(plan.podName);
      if (ended) {
        this.recovered.set(plan.podName, ended);
        sink.observe(ended);
        return;
      }
    }
    if (this.closings !== closings) return; // the controller went away meanwhile: the next one starts it
    const pod = new ContainerPod(
      plan,
      sink,
      {
        engine,
        scope: this.scope,
        killGraceMs: this.options.killGraceMs ?? 2000,
        maxLogBytes: this.options.maxLogBytes ?? 16 * 1024 * 1024,
        stagingDir: this.options.stagingDir,
        artifacts: this.artifacts,
      },
      adopt?.startedAt,
    );
    if (plan.retain) this.retained.add(plan.podName);
    const tracked: Tracked = { pod, sink, done: Promise.resolve() };
    this.pods.set(plan.podName, tracked);
    const running = adopt ? pod.adopt(adopt.found) : pod.run();
    tracked.done = running.then((report) => this.report(tracked, plan, report));
  }

  async stop(podName: string, reason: StopReason): Promise<void> {
    const tracked = this.pods.get(podName);
    if (!tracked) {
      // Ended on its own just before (its own deadline, say) and not released yet: not needed either.
      if (reason !== 'shutdown' && this.finished.has(podName)) this.release(podName);
      return;
    }
    await tracked.pod.stop(reason);
    await tracked.done;
    // Stopped on purpose (terminate, stop, the workflow's deadline, a daemon whose scope ended): the
    // outcome is already in the sink and says only that; nothing later needs the containers.
    if (reason !== 'shutdown') this.release(podName);
  }

  running(): string[] {
    return [...this.pods.keys()];
  }

  recover(podName: string): PodObservation | undefined {
    return this.pods.has(podName) ? undefined : this.recovered.get(podName);
  }

  /** The outcome is stored: the pod's containers and pod-scoped volumes go (unless kept for podGC). */
  release(podName: string): void {
    this.recovered.delete(podName);
    if (this.options.keepContainers || this.pods.has(podName)) return;
    const known = this.finished.get(podName);
    this.finished.delete(podName);
    if (this.retained.has(podName)) {
      this.retained.delete(podName);
      this.kept.set(podName, known);
      return;
    }
    this.remove(podName, known);
  }

  /** podGC collects the pod: its containers and pod-scoped volumes go, kept or not. */
  collect(podName: string): void {
    if (this.pods.has(podName)) return;
    this.retained.delete(podName);
    this.recovered.delete(podName);
    const known = this.kept.get(podName) ?? this.finished.get(podName);
    this.kept.delete(podName);
    this.finished.delete(podName);
    if (!this.options.keepContainers) this.remove(podName, known);
  }

  /** The workflow is deleted: every container of it this scope still has goes (pods kept for podGC). */
  async removeWorkflowPods(workflowUid: string): Promise<void> {
    for (const [podName, known] of this.kept) {
      if (known === undefined || known.workflowUid === workflowUid) this.kept.delete(podName);
    }
    await this.removeMatching({ [LABEL.scope]: this.scope, [LABEL.workflowUid]: workflowUid });
  }

  private remove(podName: string, known: RemovalSet | undefined): void {
    const removal = (known ? this.removeKnown(known) : this.removePod(podName)).finally(() =>
      this.removals.delete(removal),
    );
    this.removals.add(removal);
  }

  /**
   * The controller goes away: pods keep running in the engine (a later controller adopts them);
   * this process only stops listening. Pending removals are finished first.
   */
  async close(): Promise<void> {
    this.closings += 1;
    const detaching = [...this.pods.values()].map(({ pod }) => pod.detach());
    this.pods.clear();
    await Promise.all([...detaching, ...this.removals]);
  }

  /** Removes a workflow's volumes made from its volumeClaimTemplates (call when the workflow is done). */
  async removeWorkflowVolumes(workflowUid: string): Promise<void> {
    const docker = this.docker();
    const volumes = await listVolumesLabelled(docker, {
      [LABEL.scope]: this.scope,
      [LABEL.workflowUid]: workflowUid,
    });
    await Promise.all(
      volumes.map((v) =>
        docker
          .getVolume(v.Name)
          .remove()
          .catch(() => {}),
      ),
    );
  }

  /** The workflows that have claim volumes (from volumeClaimTemplates) in this scope. */
  async workflowsWithVolumes(): Promise<Array<{ namespace: string; name: string; uid: string }>> {
    const volumes = await listVolumesLabelled(this.docker(), {
      [LABEL.scope]: this.scope,
      [LABEL.volumeLifetime]: 'workflow',
    });
    const seen = new Map<string, { namespace: string; name: string; uid: string }>();
    for (const v of volumes) {
      const uid = v.Labels?.[LABEL.workflowUid] ?? '';
      const name = v.Labels?.[LABEL.workflow] ?? '';
      const namespace = v.Labels?.[LABEL.namespace] ?? '';
      if (uid) seen.set(uid, { namespace, name, uid });
    }
    return [...seen.values()];
  }

  /** Removes every container and volume of this runtime's scope (tests, `argosy` cleanup). */
  async removeAll(): Promise<void> {
    await this.removeMatching({ [LABEL.managedBy]: MANAGED_BY, [LABEL.scope]: this.scope });
  }

  private docker(): Docker {
    if (!this.engine) throw new Error('the container runtime is not connected: call prepare() first');
    return this.engine.docker;
  }

  private report(tracked: Tracked, plan: PodPlan, report: PodReport | undefined): void {
    if (this.pods.get(plan.podName) !== tracked) return; // detached by close()
    this.pods.delete(plan.podName);
    if (!report) return;
    this.finished.set(plan.podName, { ...tracked.pod.created(), workflowUid: plan.workflow.uid });
    // A pod whose outcome nobody stores (its workflow completed or was stopped meanwhile) would keep
    // its containers: removed after a grace period unless released before.
    setTimeout(() => {
      if (this.finished.has(plan.podName) && !this.retained.has(plan.podName)) this.release(plan.podName);
    }, this.options.unreleasedGraceMs ?? 30_000).unref();
    tracked.sink.observe({
      podName: plan.podName,
      nodeId: plan.nodeId,
      startedAt: tracked.pod.startedAt,
      ...report,
      finishedAt: report.finishedAt ?? new Date().toISOString(),
    });
  }

  private async removeKnown(known: RemovalSet): Promise<void> {
    const docker = this.docker();
    const remove = (id: string) =>
      docker
        .getContainer(id)
        .remove({ force: true })
        .catch(() => {});
    // Containers that joined a sidecar's network go first: the engine refuses to remove the sidecar before them.
    const sidecars = new Set(known.sidecars);
    await Promise.all(known.containers.filter((id) => !sidecars.has(id)).map(remove));
    await Promise.all(known.sidecars.map(remove));
    if (known.configDir) await rm(known.configDir, { recursive: true, force: true }).catch(() => {});
    await Promise.all(
      known.volumes.map((name) =>
        docker
          .getVolume(name)
          .remove()
          .catch(() => {}),
      ),
    );
  }

  private async removePod(podName: string): Promise<void> {
    await this.removeMatching({ [LABEL.scope]: this.scope, [LABEL.pod]: podName });
    await rm(configVolumesDir(this.options.stagingDir, podName), { recursive: true, force: true }).catch(
      () => {},
    );
  }

  private async removeMatching(labels: Record<string, string>): Promise<void> {
    const docker = this.docker();
    const containers = await docker.listContainers({ all: true, filters: labelFilter(labels) });
    const volumes = await listVolumesLabelled(docker, labels);
    await this.removeKnown({
      containers: containers.map((c) => c.Id),
      sidecars: containers.filter((c) => c.Labels[LABEL.role] === 'sidecar').map((c) => c.Id),
      volumes: volumes.map((v) => v.Name),
    });
  }
}

interface RemovalSet {
  containers: string[];
  sidecars: string[];
  volumes: string[];
  /** The pod's configMap and secret volume files on the host. */
  configDir?: string;
  workflowUid?: string;
}

export type { Role };
