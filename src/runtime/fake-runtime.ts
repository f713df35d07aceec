/**
 * An in-memory Runtime for tests of the controller and anything above it: it runs nothing, records
 * every plan and stop, and lets the test script what the pods report.
 */
import { ValidationError } from '../errors/index.js';
import type { EnvVar, PodObservation, PodPhase, PodPlan } from './pod-plan.js';
import type { Runtime, RuntimeSink, StopReason } from './runtime.js';

type Report = Omit<PodObservation, 'podName' | 'nodeId'>;

export interface FakeRuntimeOptions {
  /** Refuse plans in check()/start(): return a reason to refuse, or undefined to accept. */
  refuse?: (plan: PodPlan) => string | undefined;
  /**
   * Called on start (after the Running observation): return a final report to send at once, e.g.
   * `(plan) => ({ phase: 'Succeeded' })`, or undefined to leave the pod running until scripted.
   */
  onStart?: (plan: PodPlan) => Partial<Report> | undefined;
}

export class FakeRuntime implements Runtime {
  readonly name = 'fake';
  /** Every plan started, in order (including restarts of the same pod name). */
  readonly started: PodPlan[] = [];
  readonly stopped: { podName: string; reason: StopReason }[] = [];
  /** Every observation sent, in order. */
  readonly observations: PodObservation[] = [];
  private readonly live = new Map<string, { plan: PodPlan; sink: RuntimeSink; startedAt: string }>();
  closed = false;

  constructor(private readonly options: FakeRuntimeOptions = {}) {}

  check(plan: PodPlan): void {
    const reason = this.options.refuse?.(plan);
    if (reason !== undefined) throw new ValidationError('', reason, { kind: 'PodPlan', name: plan.podName });
  }

  async start(plan: PodPlan, sink: RuntimeSink): Promise<void> {
    this.check(plan);
    if (this.live.has(plan.podName)) return;
    this.started.push(plan);
    const startedAt = new Date().toISOString();
    this.live.set(plan.podName, { plan, sink, startedAt });
    this.report(plan.podName, { phase: 'Running', containers: containers(plan, 'running') });
    const final = this.options.onStart?.(plan);
    if (final) this.finish(plan.podName, final);
  }

  async stop(podName: string, reason: StopReason): Promise<void> {
    this.stopped.push({ podName, reason });
    if (!this.live.has(podName)) return;
    const message =
      reason === 'deadline'
        ? 'Pod was active on the node longer than the specified deadline'
        : `stopped: ${reason}`;
    this.finish(podName, { phase: reason === 'shutdown' ? 'Error' : 'Failed', message });
  }

  running(): string[] {
    return [...this.live.keys()];
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** The plan of a pod started under this name (the latest), or throws. */
  plan(podName: string): PodPlan {
    const plan = [...this.started].reverse().find((p) => p.podName === podName);
    if (!plan) throw new Error(`FakeRuntime: no pod ${podName} was started`);
    return plan;
  }

  /** Sends an observation for a running pod; fills podName, nodeId, startedAt and containers. */
  report(podName: string, report: Partial<Report> & { phase: PodPhase }): void {
    const pod = this.live.get(podName);
    if (!pod) throw new Error(`FakeRuntime: pod ${podName} is not running`);
    const observation: PodObservation = {
      podName,
      nodeId: pod.plan.nodeId,
      startedAt: pod.startedAt,
      containers: containers(pod.plan, report.phase === 'Running' ? 'running' : 'terminated'),
      ...report,
    };
    if (report.phase !== 'Running' && report.phase !== 'Pending') {
      observation.finishedAt ??= new Date().toISOString();
      this.live.delete(podName);
    }
    this.observations.push(observation);
    pod.sink.observe(observation);
  }

  /** Ends a pod: Succeeded unless the report says otherwise. */
  finish(podName: string, report: Partial<Report> = {}): void {
    this.report(podName, { phase: 'Succeeded', ...report });
  }

  /** Ends a pod as a successful step with these outputs. */
  succeed(
    podName: string,
    outputs: { parameters?: EnvVar[]; result?: string; exitCode?: string } = {},
  ): void {
    this.finish(podName, {
      phase: 'Succeeded',
      outputs: {
        parameters: outputs.parameters ?? [],
        artifacts: [],
        exitCode: outputs.exitCode ?? '0',
        ...pick(outputs),
      },
    });
  }

  /** Ends a pod as a failed step with Argo's `Error (exit code N)`. */
  fail(podName: string, exitCode = 1): void {
    this.finish(podName, {
      phase: 'Failed',
      message: `Error (exit code ${exitCode})`,
      outputs: { parameters: [], artifacts: [], exitCode: String(exitCode) },
    });
  }

  /** Streams a log chunk for a running pod. */
  log(podName: string, chunk: string, stream: 'stdout' | 'stderr' = 'stdout', container = 'main'): void {
    const pod = this.live.get(podName);
    if (!pod) throw new Error(`FakeRuntime: pod ${podName} is not running`);
    pod.sink.log(podName, container, stream, chunk);
  }
}

function containers(plan: PodPlan, state: 'running' | 'terminated'): PodObservation['containers'] {
  return plan.containers.map((c) => ({ name: c.name, state }));
}

function pick(outputs: { result?: string }): { result?: string } {
  return outputs.result === undefined ? {} : { result: outputs.result };
}
