import type { PodObservation, PodPlan } from './pod-plan.js';

/** Where a runtime reports what happens to the pods it runs. */
export interface RuntimeSink {
  observe(observation: PodObservation): void;
  log(podName: string, container: string, stream: 'stdout' | 'stderr', chunk: string): void;
}

export type StopReason = 'terminate' | 'stop' | 'deadline' | 'shutdown';

/** A place where pod plans run: host processes, containers, or Kubernetes pods. */
export interface Runtime {
  readonly name: string;
  /** Refuses (ValidationError) a plan this runtime cannot honour, before anything starts. */
  check(plan: PodPlan): void;
  /** Starts the pod; resolves once it is started. Everything after is reported to the sink. */
  start(plan: PodPlan, sink: RuntimeSink): Promise<void>;
  /** Kills every process of the pod. Resolves when they are gone; reports a final observation. */
  stop(podName: string, reason: StopReason): Promise<void>;
  /** Pod names this runtime is running now (for resuming after a controller restart). */
  running(): string[];
  /**
   * The final observation of a pod that finished while no controller was listening (a controller
   * killed mid-run), or undefined. Runtimes without durable records need not implement it.
   */
  recover?(podName: string): PodObservation | undefined;
  /** Forgets a recovered or reported pod's record once the status holding its outcome is stored. */
  release?(podName: string): void;
  /**
   * podGC collects the pod: what a runtime kept of it after release (a plan with `retain`) goes now.
   * Runtimes that keep nothing need not implement it (release is used instead).
   */
  collect?(podName: string): void;
  close(): Promise<void>;
}
