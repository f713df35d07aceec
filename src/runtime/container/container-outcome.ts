/** How a pod's containers' ends become its phase, message and container states — Argo's wording, no I/O. */
import { DEADLINE_MESSAGE, exitCodeMessage, stopMessage } from '../host/messages.js';
import type { ContainerObservation, PodPhase } from '../pod-plan.js';
import type { StopReason } from '../runtime.js';

export interface ContainerEnd {
  name: string;
  /** Undefined when the container never ran (a dependency failed, the pod was stopped first). */
  exitCode?: number;
  oomKilled?: boolean;
  /** The container had a memory limit: exit 137 then means the kernel's OOM killer (podman on cgroup v1 does not always say so). */
  memoryLimited?: boolean;
}

export interface PodOutcome {
  phase: PodPhase;
  message?: string;
  containers: ContainerObservation[];
}

export const OOM_EXIT_CODE = 137;

function containerObservation(end: ContainerEnd, stopReason?: StopReason): ContainerObservation {
  if (end.exitCode === undefined) return { name: end.name, state: 'waiting' };
  let reason = end.exitCode === 0 ? 'Completed' : 'Error';
  if (isOom(end, stopReason)) reason = 'OOMKilled';
  if (stopReason === 'deadline') reason = 'DeadlineExceeded';
  return { name: end.name, state: 'terminated', exitCode: end.exitCode, reason };
}

function isOom(end: ContainerEnd, stopReason?: StopReason): boolean {
  if (end.oomKilled) return true;
  return stopReason === undefined && end.exitCode === OOM_EXIT_CODE && end.memoryLimited === true;
}

/** The pod's outcome from its main containers' ends (in order); the first failure decides the message. */
export function podOutcome(mains: ContainerEnd[], stopReason?: StopReason): PodOutcome {
  const containers = mains.map((m) => containerObservation(m, stopReason));
  if (stopReason === 'deadline') return { phase: 'Failed', message: DEADLINE_MESSAGE, containers };
  if (stopReason === 'terminate' || stopReason === 'stop') {
    return { phase: 'Failed', message: stopMessage(stopReason), containers };
  }
  if (stopReason === 'shutdown') return { phase: 'Error', message: stopMessage('shutdown'), containers };
  // A container that failed explains the pod better than one that did not run because of it.
  const failed =
    mains.find((m) => m.exitCode !== undefined && m.exitCode !== 0) ?? mains.find((m) => m.exitCode !== 0);
  if (!failed) return { phase: 'Succeeded', containers };
  if (failed.exitCode === undefined) {
    return { phase: 'Failed', message: `container '${failed.name}' did not run`, containers };
  }
  if (isOom(failed))
    return { phase: 'Failed', message: `OOMKilled (exit code ${failed.exitCode})`, containers };
  return { phase: 'Failed', message: exitCodeMessage(failed.exitCode), containers };
}

/**
 * Why a pod found ended after a controller restart was stopped. Its containers keep no record of
 * who killed them, but a main that failed at or after the pod's deadline was stopped by it (as
 * Kubernetes says DeadlineExceeded of a pod still active at its deadline).
 */
export function recoveredStopReason(
  deadlineAt: string | undefined,
  mains: Array<{ exitCode?: number; finishedAt?: string }>,
): StopReason | undefined {
  const at = deadlineAt === undefined ? Number.NaN : Date.parse(deadlineAt);
  if (Number.isNaN(at)) return undefined;
  const failedLate = mains.some(
    (m) =>
      m.exitCode !== undefined &&
      m.exitCode !== 0 &&
      m.finishedAt !== undefined &&
      Date.parse(m.finishedAt) >= at,
  );
  return failedLate ? 'deadline' : undefined;
}

/** Argo-style message for an image the engine does not have and could not pull. */
export function imagePullMessage(image: string, reason: string): string {
  return `ErrImagePull: failed to pull image "${image}": ${reason}`;
}
