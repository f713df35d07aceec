/**
 * One pod plan run as containers: init containers one after another, then the sidecars, then the
 * main container(s) (a containerSet's in dependency order) joining the first sidecar's network
 * namespace, so the pod shares one network like a Kubernetes pod. When the mains end, the
 * sidecars are killed, outputs are read out and one final observation is reported.
 */
import { rm } from 'node:fs/promises';
import { posix } from 'node:path';
import type Docker from 'dockerode';
import type { ExecutorServices } from '../../executor/index.js';
import { resultFromTail } from '../host/output-capture.js';
import type { ContainerObservation, ContainerPlan, PodObservation, PodPlan } from '../pod-plan.js';
import type { RuntimeSink, StopReason } from '../runtime.js';
import { StagedInputs, saveContainerArtifacts } from './container-artifacts.js';
import { failureReport, startFailure } from './container-failures.js';
import { attachLogs, followLogs, type LogPipe, loggedStreams } from './container-logs.js';
import { type ContainerEnd, podOutcome } from './container-outcome.js';
import { collectOutputs } from './container-outputs.js';
import { createOptions, limitsOf, type SpecContext } from './container-spec.js';
import { exitCodeOf } from './container-wait.js';
import type { Engine } from './engine-client.js';
import { ensureImage } from './image-pull.js';
import type { Role } from './labels.js';
import { applyPodSpecPatch } from './pod-spec-patch.js';
import { createVolumes, prepareSubPaths, writeConfigVolumes } from './pod-volume-setup.js';
import { configVolumesDir, podVolumes, type VolumeMap } from './pod-volumes.js';
import { packFiles, type TarFile } from './tar-bytes.js';

export interface PodOptions {
  engine: Engine;
  scope: string;
  killGraceMs: number;
  maxLogBytes: number;
  /** Host directory for the pod's config volumes and its artifacts while they are copied in or out. */
  stagingDir: string;
  /** Artifact drivers and secrets for the executor. */
  artifacts: ExecutorServices;
}

export type PodReport = Omit<PodObservation, 'podName' | 'nodeId' | 'startedAt'>;

/** A container of the pod found through its labels (after a controller restart). */
export interface FoundContainer {
  id: string;
  name: string;
  role: Role;
  running: boolean;
  exitCode?: number;
}

interface Member {
  plan: ContainerPlan;
  role: Role;
  container: Docker.Container;
  logs?: LogPipe;
  ended?: Promise<number>;
  exitCode?: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

/** How long detach() waits for the engine changes under way. */
const DETACH_WAIT_MS = 30_000;

export class ContainerPod {
  readonly startedAt: string;
  stopReason: StopReason | undefined;
  private detached = false;
  /** Engine changes under way (creating, starting, filling containers and volumes): detach() waits for them. */
  private readonly changes = new Set<Promise<unknown>>();
  private readonly members: Member[] = [];
  private deadline: NodeJS.Timeout | undefined;
  private inputs: StagedInputs | undefined;
  private readonly plan: PodPlan;
  private readonly docker: Docker;

  constructor(
    plan: PodPlan,
    private readonly sink: RuntimeSink,
    private readonly options: PodOptions,
    startedAt?: string,
  ) {
    this.startedAt = startedAt ?? new Date().toISOString();
    this.plan = applyPodSpecPatch(plan);
    this.docker = options.engine.docker;
  }

  get podName(): string {
    return this.plan.podName;
  }

  /** Runs the pod to its end and reports it; never rejects. Resolves with the final report (undefined when detached). */
  async run(): Promise<PodReport | undefined> {
    let report: PodReport;
    try {
      if (this.plan.activeDeadlineSeconds !== undefined) {
        this.deadline = setTimeout(() => void this.stop('deadline'), this.plan.activeDeadlineSeconds * 1000);
        this.deadline.unref();
      }
      report = await this.launchAndWait();
    } catch (err) {
      report = failureReport(err, this.plan);
    } finally {
      if (this.deadline) clearTimeout(this.deadline);
      await this.removeArtifactsDir();
    }
    if (this.detached) return undefined;
    return report;
  }

  /** Kills every container of the pod (TERM, then KILL after the grace period). */
  async stop(reason: StopReason): Promise<void> {
    this.stopReason ??= reason;
    await Promise.all(this.members.map((m) => this.kill(m)));
  }

  /** The containers and pod-scoped volumes this pod created, for removal. */
  created(): { containers: string[]; sidecars: string[]; volumes: string[]; configDir?: string } {
    const volumes = [...this.volumes().values()].flatMap((v) =>
      'kind' in v && v.kind === 'volume' && v.lifetime === 'pod' ? [v.name] : [],
    );
    const ids = (role?: Role) =>
      this.members.filter((m) => !role || m.role === role).map((m) => m.container.id);
    const out = { containers: ids(), sidecars: ids('sidecar'), volumes };
    return this.plan.configVolumes ? { ...out, configDir: this.configDir() } : out;
  }

  private configDir(): string {
    return configVolumesDir(this.options.stagingDir, this.plan.podName);
  }

  private artifactsDir(): string {
    return posix.join(this.options.stagingDir, '.artifacts', this.plan.podName);
  }

  /** The staged inputs and copied-out outputs are only needed while the pod runs and ends. */
  private async removeArtifactsDir(): Promise<void> {
    await rm(this.artifactsDir(), { recursive: true, force: true }).catch(() => {});
  }

  private volumes(): VolumeMap {
    return podVolumes(this.plan, this.options.scope, this.configDir());
  }

  /**
   * The controller goes away: stop reporting and leave the containers running for the next one to
   * adopt. Resolves once this pod changes nothing more in the engine: no change starts after this,
   * and those under way are waited for (a container created later collided with the next
   * controller's). A pod detached half-started is found with mains never started, and replaced.
   */
  async detach(): Promise<void> {
    this.detached = true;
    // Bounded: an engine that stops answering must not keep a controller from going away.
    await Promise.race([Promise.allSettled([...this.changes]), sleep(DETACH_WAIT_MS)]);
    for (const m of this.members) m.logs?.close();
  }

  /** Makes one engine change, unless detached (then it throws, and the run ends without a report). */
  private change<T>(make: () => Promise<T>): Promise<T> {
    if (this.detached) return Promise.reject(new Error('detached: the controller went away'));
    const made = make();
    this.changes.add(made);
    const forget = () => {
      this.changes.delete(made);
    };
    made.then(forget, forget);
    return made;
  }

  private async launchAndWait(): Promise<PodReport> {
    const { plan } = this;
    const policies = new Map<string, string | undefined>();
    for (const c of [...plan.initContainers, ...plan.sidecars, ...plan.containers]) {
      policies.set(c.image, (c.extra?.imagePullPolicy as string | undefined) ?? policies.get(c.image));
    }
    await Promise.all([...policies].map(([image, policy]) => ensureImage(this.docker, image, policy)));
    const volumes = this.volumes();
    await this.change(() => createVolumes(this.docker, this.plan, this.options.scope, volumes));
    await writeConfigVolumes(this.plan, this.configDir());
    await this.change(() => prepareSubPaths(this.docker, this.plan, volumes));
    // Input artifacts are loaded before anything runs, as Argo's init container does.
    this.inputs = await StagedInputs.load(plan, this.options.artifacts, this.artifactsDir());
    const ctx: SpecContext = { plan, scope: this.options.scope, volumes, startedAt: this.startedAt };

    for (const c of plan.initContainers) {
      const m = await this.create(ctx, c, 'init');
      await this.startMember(m);
      if (this.stopReason) void this.kill(m);
      const code = await m.ended!;
      if (this.stopReason) return this.finish([]);
      if (code !== 0) {
        return {
          phase: 'Failed',
          message: `init container '${c.name}' failed: Error (exit code ${code})`,
          containers: [{ name: c.name, state: 'terminated', exitCode: code, reason: 'Error' }],
        };
      }
    }

    let network: string | undefined;
    for (const c of plan.sidecars) {
      if (this.stopReason) break;
      const m = await this.create({ ...ctx, networkMode: network }, c, 'sidecar');
      await this.startMember(m);
      if (this.stopReason) void this.kill(m);
      network ??= `container:${m.container.id}`;
    }
    const mainCtx = { ...ctx, networkMode: network };
    const ends = new Map<string, Promise<ContainerEnd>>();
    let reportedRunning = false;
    const runMain = async (c: ContainerPlan): Promise<ContainerEnd> => {
      const deps = dependenciesOf(c);
      const depEnds = await Promise.all(deps.map((d) => ends.get(d)));
      if (this.stopReason || depEnds.some((e) => e?.exitCode !== 0)) return { name: c.name };
      const m = await this.create(mainCtx, c, 'main');
      await this.place(m.container);
      await this.startMember(m);
      if (this.stopReason) void this.kill(m);
      if (!reportedRunning) {
        reportedRunning = true;
        void this.reportRunning(m.container);
      }
      const exitCode = await m.ended!;
      const end: ContainerEnd = { name: c.name, exitCode, memoryLimited: limitsOf(c).Memory !== undefined };
      if (exitCode === 137) end.oomKilled = await this.oomKilled(m.container);
      return end;
    };
    // Containers are started in the order given; each waits for its dependencies (containerSet).
    // (All are registered before any looks its dependencies up.)
    for (const c of plan.containers)
      ends.set(
        c.name,
        Promise.resolve().then(() => runMain(c)),
      );
    const mainEnds = await Promise.all(plan.containers.map((c) => ends.get(c.name)!));
    return this.finish(mainEnds);
  }

  /**
   * Takes over a pod a previous controller started (found by its labels): follows the running
   * containers' logs from now on, waits for the mains, then ends the pod as usual.
   */
  async adopt(found: FoundContainer[]): Promise<PodReport | undefined> {
    try {
      if (this.plan.activeDeadlineSeconds !== undefined) {
        const left = Date.parse(this.startedAt) + this.plan.activeDeadlineSeconds * 1000 - Date.now();
        this.deadline = setTimeout(() => void this.stop('deadline'), Math.max(0, left));
        this.deadline.unref();
      }
      const byName = new Map(
        [...this.plan.initContainers, ...this.plan.sidecars, ...this.plan.containers].map((c) => [c.name, c]),
      );
      for (const f of found) {
        const plan = byName.get(f.name);
        if (!plan || f.role === 'init') continue;
        const m: Member = { plan, role: f.role, container: this.docker.getContainer(f.id) };
        if (f.running) {
          m.logs = await followLogs(
            this.docker,
            m.container,
            (stream, chunk) => this.sink.log(this.plan.podName, plan.name, stream, chunk),
            { maxLogBytes: this.options.maxLogBytes, sinceSeconds: Math.floor(Date.now() / 1000) },
          );
          m.ended = exitCodeOf(m.container).then((code) => {
            m.exitCode = code;
            return code;
          });
          m.ended.catch(() => {});
        } else {
          m.exitCode = f.exitCode ?? 0;
          m.ended = Promise.resolve(m.exitCode);
        }
        this.members.push(m);
      }
      const mains = this.members.filter((m) => m.role === 'main');
      const ends = await Promise.all(
        mains.map(async (m): Promise<ContainerEnd> => {
          const exitCode = await m.ended!;
          return { name: m.plan.name, exitCode, memoryLimited: limitsOf(m.plan).Memory !== undefined };
        }),
      );
      const report = await this.finish(ends);
      return this.detached ? undefined : report;
    } catch (err) {
      return this.detached ? undefined : failureReport(err, this.plan);
    } finally {
      if (this.deadline) clearTimeout(this.deadline);
      await this.removeArtifactsDir();
    }
  }

  private async finish(mainEnds: ContainerEnd[]): Promise<PodReport> {
    // Sidecars are killed once the main containers are done, as Argo does.
    await Promise.all(this.members.filter((m) => m.role === 'sidecar').map((m) => this.kill(m)));
    const outcome = podOutcome(
      mainEnds.length > 0 ? mainEnds : this.plan.containers.map((c) => ({ name: c.name })),
      this.stopReason,
    );
    const report: PodReport = {
      phase: outcome.phase,
      containers: [...outcome.containers, ...this.sidecarStates()],
      finishedAt: new Date().toISOString(),
    };
    if (outcome.message) report.message = outcome.message;
    const main = this.outputContainer();
    const mainEnd = mainEnds.find((e) => e.name === main?.plan.name);
    if (main && mainEnd?.exitCode !== undefined) {
      await main.logs?.drained(2000);
      const logged = await loggedStreams(main.container).catch(() => undefined);
      if (logged) main.logs?.complete(logged);
      let result: string | undefined;
      if (this.plan.outputs.captureResult) {
        // The engine's own stdout log of the ended container, split into frames here; the attached
        // stream's tail only when that log cannot be read. (Once in CI, the attached stream's
        // demultiplexing left a frame header inside a result.)
        const tail = logged?.stdout ?? main.logs?.tail?.bytes() ?? Buffer.alloc(0);
        result = resultFromTail(tail);
      }
      const collected = await collectOutputs(this.plan, main.container, {
        exitCode: mainEnd.exitCode,
        ...(result !== undefined ? { result } : {}),
      });
      report.outputs = collected.outputs;
      const saved = await saveContainerArtifacts(
        this.plan,
        main.container,
        this.options.artifacts,
        this.artifactsDir(),
      );
      report.outputs.artifacts = saved.artifacts;
      const error = [collected.error, ...saved.errors].filter(Boolean).join('; ');
      if (error && report.phase === 'Succeeded') {
        report.phase = 'Error';
        report.message = error;
      }
    }
    await Promise.all(
      this.members
        .filter((m) => m !== main)
        .map(async (m) => {
          await m.logs?.drained(500);
          const logged = m.logs ? await loggedStreams(m.container).catch(() => undefined) : undefined;
          if (logged) m.logs?.complete(logged);
        }),
    );
    return report;
  }

  /** The container whose files and stdout are the pod's outputs: `main`, else the last main container. */
  private outputContainer(): Member | undefined {
    const mains = this.members.filter((m) => m.role === 'main');
    return mains.find((m) => m.plan.name === 'main') ?? mains[mains.length - 1];
  }

  private sidecarStates(): ContainerObservation[] {
    return this.members
      .filter((m) => m.role === 'sidecar')
      .map((m) => ({
        name: m.plan.name,
        state: 'terminated' as const,
        ...(m.exitCode !== undefined ? { exitCode: m.exitCode } : {}),
        reason: 'Completed',
      }));
  }

  private async create(ctx: SpecContext, c: ContainerPlan, role: Role): Promise<Member> {
    const container = await this.change(() => this.docker.createContainer(createOptions(ctx, c, role)));
    const m: Member = { plan: c, role, container };
    this.members.push(m);
    return m;
  }

  /** Places the plan's files (script source, input parameters) and its staged input artifacts in a created container. */
  private async place(container: Docker.Container): Promise<void> {
    const files: TarFile[] = this.plan.files.map((f) => ({
      path: f.path.replace(/^\/+/, ''),
      content: f.encoding === 'base64' ? Buffer.from(f.content, 'base64') : f.content,
      mode: f.mode ?? 0o644,
    }));
    if (files.length > 0) await this.change(() => container.putArchive(packFiles(files), { path: '/' }));
    const artifacts = await this.inputs?.archive();
    if (artifacts) await this.change(() => container.putArchive(artifacts, { path: '/' }));
  }

  /** Attaches to a created container and starts it: one change (no requests are left open by a detach in between). */
  private startMember(m: Member): Promise<void> {
    return this.change(() => this.attachAndStart(m));
  }

  private async attachAndStart(m: Member): Promise<void> {
    const keepTail = m.role === 'main';
    try {
      m.logs = await attachLogs(
        this.docker,
        m.container,
        (stream, chunk) => this.sink.log(this.plan.podName, m.plan.name, stream, chunk),
        { maxLogBytes: this.options.maxLogBytes, keepTail },
      );
      m.ended = exitCodeOf(m.container, 'next-exit').then((code) => {
        m.exitCode = code;
        return code;
      });
      m.ended.catch(() => {});
      await m.container.start();
    } catch (err) {
      // podman refuses a missing command already when attaching (it creates the runc container then).
      m.logs?.close();
      throw startFailure(err, m.plan);
    }
  }

  private async reportRunning(container: Docker.Container): Promise<void> {
    let podIP: string | undefined;
    try {
      const info = await container.inspect();
      podIP = ipOf(info);
      if (!podIP && this.members[0]?.role === 'sidecar') {
        podIP = ipOf(await this.members.find((m) => m.role === 'sidecar')!.container.inspect());
      }
    } catch {
      // The container may already be gone; the final observation follows.
    }
    if (this.detached) return;
    const report: PodObservation = {
      podName: this.plan.podName,
      nodeId: this.plan.nodeId,
      phase: 'Running',
      startedAt: this.startedAt,
      containers: this.members.map((m) => ({ name: m.plan.name, state: 'running' })),
    };
    if (podIP) report.podIP = podIP;
    this.sink.observe(report);
  }

  private async oomKilled(container: Docker.Container): Promise<boolean> {
    try {
      return (await container.inspect()).State.OOMKilled === true;
    } catch {
      return false;
    }
  }

  private async kill(m: Member): Promise<void> {
    if (m.exitCode !== undefined || !m.ended) return;
    const gone = m.ended.then(
      () => true,
      () => true,
    );
    await m.container.kill({ signal: 'SIGTERM' }).catch(() => {});
    const ended = await Promise.race([gone, sleep(this.options.killGraceMs).then(() => false)]);
    if (!ended) await m.container.kill({ signal: 'SIGKILL' }).catch(() => {});
    await Promise.race([gone, sleep(10_000)]);
  }
}

function dependenciesOf(c: ContainerPlan): string[] {
  const deps = c.extra?.dependencies;
  return Array.isArray(deps) ? deps.map(String) : [];
}

function ipOf(info: Docker.ContainerInspectInfo): string | undefined {
  const settings = info.NetworkSettings as typeof info.NetworkSettings & { IPAddress?: string };
  if (settings.IPAddress) return settings.IPAddress;
  for (const n of Object.values(settings.Networks ?? {})) if (n.IPAddress) return n.IPAddress;
  return undefined;
}
