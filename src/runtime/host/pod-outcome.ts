/** How a step's end becomes a pod phase, message and container state — Argo's wording, no I/O. */
import type { ContainerObservation, PodPhase } from '../pod-plan.js';
import type { StopReason } from '../runtime.js';
import {
  commandNotFoundMessage,
  DEADLINE_MESSAGE,
  exitCodeMessage,
  signalExitCode,
  signalMessage,
  signalNumber,
  stopMessage,
} from './messages.js';
import type { ProcessEnd } from './pod-process.js';

/** Exit code reported for a command that does not exist (the shell's). */
export const NOT_FOUND_EXIT_CODE = 127;

export interface Outcome {
  phase: PodPhase;
  message?: string;
  container: ContainerObservation;
  /** The main container ran and ended with this code (reported as `outputs.exitCode`). */
  exitCode?: number;
  /** The main process ran, so its outputs are worth collecting. */
  ran: boolean;
}

export function outcomeOf(
  container: string,
  command: string,
  end: ProcessEnd,
  stopReason?: StopReason,
): Outcome {
  const terminated = (exitCode: number, reason?: string): ContainerObservation => ({
    name: container,
    state: 'terminated',
    exitCode,
    ...(reason ? { reason } : {}),
  });
  if (end.spawnError) {
    if (end.spawnError.code === 'ENOENT') {
      return notFound(container, command);
    }
    const message = `failed to start ${command}: ${end.spawnError.message}`;
    return { phase: 'Error', message, container: terminated(128, 'StartError'), ran: false };
  }
  const status = end.status.trim();
  if (status.startsWith('notfound ')) return notFound(container, status.slice('notfound '.length));
  if (status !== '') {
    const message = status.split('\n').join('; ');
    return { phase: 'Error', message, container: terminated(128, 'StartError'), ran: false };
  }
  const exitCode = end.signal ? signalExitCode(end.signal) : (end.exitCode ?? 1);
  const signalReason = end.signal ? `Signal ${signalNumber(end.signal)}` : undefined;
  if (stopReason === 'deadline') {
    return {
      phase: 'Failed',
      message: DEADLINE_MESSAGE,
      container: terminated(exitCode, 'DeadlineExceeded'),
      exitCode,
      ran: true,
    };
  }
  if (stopReason) {
    return {
      phase: stopReason === 'shutdown' ? 'Error' : 'Failed',
      message: stopMessage(stopReason),
      container: terminated(exitCode, signalReason ?? 'Error'),
      exitCode,
      ran: true,
    };
  }
  if (end.signal) {
    return {
      phase: 'Failed',
      message: signalMessage(end.signal),
      container: terminated(exitCode, signalReason),
      exitCode,
      ran: true,
    };
  }
  if (exitCode !== 0) {
    return {
      phase: 'Failed',
      message: exitCodeMessage(exitCode),
      container: terminated(exitCode, 'Error'),
      exitCode,
      ran: true,
    };
  }
  return { phase: 'Succeeded', container: terminated(0, 'Completed'), exitCode: 0, ran: true };
}

function notFound(container: string, command: string): Outcome {
  return {
    phase: 'Failed',
    message: commandNotFoundMessage(command),
    container: { name: container, state: 'terminated', exitCode: NOT_FOUND_EXIT_CODE, reason: 'StartError' },
    exitCode: NOT_FOUND_EXIT_CODE,
    ran: false,
  };
}
