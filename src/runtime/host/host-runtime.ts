/**
 * The `host` runtime: each pod plan is one local process in its own scratch directory, process group
 * and (when the kernel allows) private mount namespace. See ARCHITECTURE.md decision 4.
 */
import { join } from 'node:path';
import {
  type ExecutorServices,
  executorServices,
  loadInputArtifacts,
  saveOutputArtifacts,
} from '../../executor/index.js';
import type { PodObservation, PodPlan } from '../pod-plan.js';
import type { Runtime, RuntimeSink, StopReason } from '../runtime.js';
import { checkHostPlan } from './check-plan.js';
import { chooseLauncher, spawnerSettingFromEnv } from './choose-launcher.js';
import { configVolumeFiles } from './config-volume-files.js';
import { buildEnv } from './env.js';
import { detectIsolation, type Isolation, type IsolationSetting } from './isolation.js';
import { type MountOp, mountOps, reusableView } from './mount-view.js';
import { pidFileOf, removePidFile, writePidFile } from './orphans.js';
import { readOutcome, removeOutcome, writeOutcome } from './outcome-records.js';
import { CappedLog, MAX_RESULT_BYTES, resultFromTail, TailBuffer } from './output-capture.js';
import { collectOutputs } from './outputs.js';
import { type PodDir, preparePodDir } from './pod-dir.js';
import { outcomeOf } from './pod-outcome.js';
import type { ProcessEnd } from './pod-process.js';
import { ScratchPool } from './scratch-pool.js';
import type { SpawnerSetting, StepLauncher, StepProcess } from './step-launcher.js';

export interface HostRuntimeOptions {
  /** Pods' scratch directories are created here, one per pod: `<baseDir>/<podName>` (e.g. $ARGOSY_HOME/pods). */
  baseDir: string;
  /** `auto` (default) isolates when the kernel allows and warns once otherwise; `namespace` requires it. */
  isolation?: IsolationSetting;
  /** Time between SIGTERM and SIGKILL when a pod is stopped. Default 2 s. */
  killGraceMs?: number;
  /** Log bytes per container forwarded to the sink; the rest is dropped with a notice. Default 16 MiB. */
  maxLogBytes?: number;
  /** Keep scratch directories of finished pods (they are always kept when they hold output artifacts). */
  keepScratch?: boolean;
  /** Where the one warning about missing isolation goes. Default: process.emitWarning. */
  warn?: (message: string) => void;
  /**
   * How steps are started: `native` (the spawner built from native/ by `npm run build`), `node`
   * (child_process + unshare + sh), or `auto` (default; native when built, else node with one warning).
   * Default from ARGOSY_HOST_SPAWNER.
   */
  spawner?: SpawnerSetting;
  /** Artifact drivers and secrets for the executor. Default: local repository under `<baseDir>/.argosy-artifacts`. */
  artifacts?: ExecutorServices;
}

interface HostPod {
  plan: PodPlan;
  sink: RuntimeSink;
  startedAt: string;
  stopReason?: StopReason;
  process?: StepProcess;
  deadline?: NodeJS.Timeout;
  finished: Promise<void>;
}

export class HostRuntime implements Runtime {
  readonly name = 'host';
  private readonly pods = new Map<string, HostPod>();
  private readonly baseDir: string;
  private readonly killGraceMs: number;
  private readonly maxLogBytes: number;
  private readonly warn: (message: string) => void;
  /** Starts the steps' processes (the native spawner or Node's child_process). */
  readonly launcher: StepLauncher;
  private readonly pool: ScratchPool;
  private readonly artifacts: ExecutorServices;

  constructor(private readonly options: HostRuntimeOptions) {
    this.baseDir = options.baseDir;
    this.artifacts =
      options.artifacts ??
      executorServices({ home: options.baseDir, localRoot: join(options.baseDir, '.argosy-artifacts') });
    this.killGraceMs = options.killGraceMs ?? 2000;
    this.maxLogBytes = options.maxLogBytes ?? 16 * 1024 * 1024;
    this.warn = options.warn ?? ((m: string) => process.emitWarning(m, 'ArgosyHostRuntimeWarning'));
    this.launcher = chooseLauncher(options.spawner ?? spawnerSettingFromEnv(), this.warn);
    this.pool = new ScratchPool(options.baseDir);
  }

  /** Resolves how steps will be isolated (probing the kernel once per process). */
  isolation(): Promise<Isolation> {
    return detectIsolation(this.baseDir, this.options.isolation ?? 'auto', this.warn, this.launcher);
  }

  check(plan: PodPlan): void {
    checkHostPlan(plan);
  }

  async start(plan: PodPlan, sink: RuntimeSink): Promise<void> {
    checkHostPlan(plan);
    if (this.pods.has(plan.podName)) return;
    let finish!: () => void;
    const pod: HostPod = {
      plan,
      sink,
      startedAt: new Date().toISOString(),
      finished: new Promise<void>((r) => {
        finish = r;
      }),
    };
    this.pods.set(plan.podName, pod);
    const container = plan.containers[0]!;
    let dir: PodDir;
    let isolation: Isolation;
    let mounts: MountOp[];
    try {
      isolation = await this.isolation();
      const configFiles = configVolumeFiles(plan);
      if (configFiles.length > 0 && isolation.mode !== 'namespace') {
        throw new Error(
          `configMap and secret volumes need a private mount namespace, which this host does not give (${isolation.reason ?? 'isolation is off'}); use the container runtime`,
        );
      }
      const placed = configFiles.length > 0 ? { ...plan, files: [...plan.files, ...configFiles] } : plan;
      dir = await preparePodDir(this.baseDir, placed, isolation.mode === 'namespace', this.pool);
      mounts = isolation.mode === 'namespace' ? mountOps(dir.view.mounts, dir.home) : [];
    } catch (err) {
      this.report(pod, {
        phase: 'Error',
        message: `failed to prepare the pod: ${err instanceof Error ? err.message : String(err)}`,
        containers: [{ name: container.name, state: 'terminated', exitCode: 128, reason: 'StartError' }],
      });
      finish();
      return;
    }
    try {
      await loadInputArtifacts(plan, dir.view, this.artifacts);
    } catch (err) {
      this.report(pod, {
        phase: 'Error',
        message: err instanceof Error ? err.message : String(err),
        containers: [{ name: container.name, state: 'terminated', exitCode: 128, reason: 'StartError' }],
      });
      this.pool.give(dir.dir, plan.podName);
      finish();
      return;
    }
    if (pod.stopReason) {
      void this.end(pod, dir, { exitCode: null, signal: 'SIGKILL', status: '' }, finish);
      return;
    }

    const argv = [...container.command, ...container.args];
    const log = (stream: 'stdout' | 'stderr') =>
      new CappedLog((chunk) => sink.log(plan.podName, container.name, stream, chunk), this.maxLogBytes);
    const stdoutLog = log('stdout');
    const stderrLog = log('stderr');
    const tail = plan.outputs.captureResult ? new TailBuffer(MAX_RESULT_BYTES + 1) : undefined;
    let proc: StepProcess;
    try {
      proc = await this.launcher.launch({
        argv,
        env: buildEnv(plan, container, dir.home),
        podDir: dir.dir,
        home: dir.home,
        ...(container.workingDir ? { workingDir: container.workingDir } : {}),
        isolate: isolation.mode === 'namespace',
        userNamespace: isolation.userNamespace,
        // Only a directory that went through the pool: a step that writes into its scratch
        // directory gets a fresh one each time, whose namespace would be made for nothing.
        reuseNamespace: isolation.mode === 'namespace' && dir.reused && reusableView(mounts, dir.home),
        mounts,
        pidFile: pidFileOf(dir.dir),
        onStdout: (chunk) => {
          stdoutLog.push(chunk);
          tail?.write(chunk);
        },
        onStderr: (chunk) => stderrLog.push(chunk),
      });
    } catch (err) {
      const spawnError = err as NodeJS.ErrnoException;
      void this.end(pod, dir, { spawnError, exitCode: null, signal: null, status: '' }, finish);
      return;
    }
    pod.process = proc;
    if (plan.activeDeadlineSeconds !== undefined) {
      pod.deadline = setTimeout(
        () => void this.stop(plan.podName, 'deadline'),
        plan.activeDeadlineSeconds * 1000,
      );
      pod.deadline.unref();
    }
    if (pod.stopReason) void proc.kill(this.killGraceMs);
    // The native launcher answers before the process exists; it is Running once it does.
    void proc.started.then((pid) => {
      if (pid === undefined || this.pods.get(plan.podName) !== pod) return;
      if (!this.launcher.writesPidFiles) writePidFile(dir.dir, pid);
      this.report(pod, { phase: 'Running', containers: [{ name: container.name, state: 'running' }] });
    });
    void proc.done.then((end) => {
      stdoutLog.end();
      stderrLog.end();
      void this.end(pod, dir, end, finish, tail ? resultFromTail(tail.bytes()) : undefined);
    });
  }

  async stop(podName: string, reason: StopReason): Promise<void> {
    const pod = this.pods.get(podName);
    if (!pod) return;
    pod.stopReason ??= reason;
    if (pod.process) await pod.process.kill(this.killGraceMs);
    await pod.finished;
  }

  running(): string[] {
    return [...this.pods.keys()];
  }

  recover(podName: string): PodObservation | undefined {
    return this.pods.has(podName) ? undefined : readOutcome(this.baseDir, podName);
  }

  release(podName: string): void {
    removeOutcome(this.baseDir, podName);
  }

  /** Resolves once the scratch directories of finished pods are pooled for reuse or removed. */
  settled(): Promise<void> {
    return this.pool.settled();
  }

  async close(): Promise<void> {
    await Promise.all(this.running().map((name) => this.stop(name, 'shutdown')));
    await this.settled(); // directories given back are pooled or removed before we go
    this.launcher.close();
  }

  private async end(
    pod: HostPod,
    dir: PodDir,
    end: ProcessEnd,
    finish: () => void,
    result?: string,
  ): Promise<void> {
    if (pod.deadline) clearTimeout(pod.deadline);
    const container = pod.plan.containers[0]!;
    const outcome = outcomeOf(container.name, container.command[0] ?? '', end, pod.stopReason);
    const observation: Omit<PodObservation, 'podName' | 'nodeId' | 'startedAt'> = {
      phase: outcome.phase,
      containers: [outcome.container],
      finishedAt: new Date().toISOString(),
    };
    if (outcome.message) observation.message = outcome.message;
    let keep = this.options.keepScratch ?? false;
    if (outcome.ran) {
      const main: { exitCode?: number; result?: string } = {};
      if (outcome.exitCode !== undefined) main.exitCode = outcome.exitCode;
      if (result !== undefined) main.result = result;
      const collected = collectOutputs(pod.plan, dir.view, main);
      observation.outputs = collected.outputs;
      keep ||= collected.keepScratch;
      const saved = await saveOutputArtifacts(
        pod.plan,
        dir.view,
        this.artifacts,
        join(dir.dir, 'artifact-tmp'),
      );
      observation.outputs.artifacts = saved.artifacts;
      const error = [collected.error, ...saved.errors].filter(Boolean).join('; ');
      if (error && outcome.phase === 'Succeeded') {
        observation.phase = 'Error';
        observation.message = error;
      }
    }
    if (!this.launcher.writesPidFiles) removePidFile(dir.dir);
    if (!keep) this.pool.give(dir.dir, pod.plan.podName);
    this.report(pod, observation);
    finish();
  }

  private report(pod: HostPod, o: Omit<PodObservation, 'podName' | 'nodeId' | 'startedAt'>): void {
    const final = o.phase !== 'Running' && o.phase !== 'Pending';
    const observation: PodObservation = {
      podName: pod.plan.podName,
      nodeId: pod.plan.nodeId,
      startedAt: pod.startedAt,
      ...o,
      ...(final && !o.finishedAt ? { finishedAt: new Date().toISOString() } : {}),
    };
    // A pod killed because this runtime shuts down did not finish: leave no record, so the next
    // controller sees it as lost and (on the host) starts it again.
    if (final && pod.stopReason !== 'shutdown') writeOutcome(this.baseDir, observation);
    if (final) {
      this.pods.delete(pod.plan.podName);
    }
    pod.sink.observe(observation);
  }
}

/** Where a runtime keeps a pod's scratch directory, for callers that need to find it. */
export function podDirOf(baseDir: string, podName: string): string {
  return join(baseDir, podName);
}
