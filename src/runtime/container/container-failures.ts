/**
 * How a container pod that could not start, or failed around its containers, is reported: a start
 * refused by the engine, an input artifact that could not be placed, an image that could not be
 * pulled. Argo's wording; no engine calls.
 */
import { ArtifactError } from '../../artifacts/errors.js';
import { commandNotFoundMessage } from '../host/messages.js';
import type { ContainerPlan, PodPlan } from '../pod-plan.js';
import type { PodReport } from './container-pod.js';
import { ImagePullError } from './image-pull.js';

/** A start failure that the node's message should show as is (command not found...). */
export class StartFailure extends Error {
  constructor(
    message: string,
    readonly container: string,
    readonly exitCode: number,
    readonly phase: 'Failed' | 'Error',
  ) {
    super(message);
  }
}

/** The report of a pod that could not start or run: Argo's wording for each kind of failure. */
export function failureReport(err: unknown, plan: PodPlan): PodReport {
  const finishedAt = new Date().toISOString();
  if (err instanceof StartFailure) {
    return {
      phase: err.phase,
      message: err.message,
      finishedAt,
      containers: [
        { name: err.container, state: 'terminated', exitCode: err.exitCode, reason: 'StartError' },
      ],
    };
  }
  const message = err instanceof Error ? err.message : String(err);
  const main = plan.containers[0]?.name ?? 'main';
  if (err instanceof ArtifactError) {
    // As on the host: the pod could not start because an input artifact could not be placed.
    return {
      phase: 'Error',
      message,
      finishedAt,
      containers: [{ name: main, state: 'terminated', exitCode: 128, reason: 'StartError' }],
    };
  }
  if (err instanceof ImagePullError) {
    return {
      phase: 'Error',
      message,
      finishedAt,
      containers: [{ name: main, state: 'waiting', reason: message.split(':')[0] }],
    };
  }
  return { phase: 'Error', message: `container runtime: ${message}`, finishedAt, containers: [] };
}

/** An engine's refusal to start a container, as the node should show it. */
export function startFailure(err: unknown, c: ContainerPlan): Error {
  const text = err instanceof Error ? err.message : String(err);
  const argv0 = c.command[0] ?? c.args[0] ?? '';
  if (/executable file not found|no such file or directory/i.test(text) && argv0) {
    return new StartFailure(commandNotFoundMessage(argv0), c.name, 127, 'Failed');
  }
  if (/permission denied/i.test(text)) {
    return new StartFailure(`failed to start ${argv0}: permission denied`, c.name, 126, 'Failed');
  }
  return new StartFailure(`failed to start container '${c.name}': ${text}`, c.name, 128, 'Error');
}
