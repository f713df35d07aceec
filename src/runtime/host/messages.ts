/** Node messages worded like Argo's, so tools and users reading them see what they know. */
import { constants } from 'node:os';

export const DEADLINE_MESSAGE = 'Pod was active on the node longer than the specified deadline';

export function exitCodeMessage(code: number): string {
  return `Error (exit code ${code})`;
}

export function signalMessage(signal: NodeJS.Signals): string {
  return `${exitCodeMessage(signalExitCode(signal))}: killed by signal ${signal}`;
}

/** Container runtimes report a signalled process as exit code 128 + signal number. */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}

export function signalNumber(signal: NodeJS.Signals): number {
  return constants.signals[signal] ?? 0;
}

/** Argo's emissary: `failed to find name in PATH: exec: "x": executable file not found in $PATH`. */
export function commandNotFoundMessage(name: string): string {
  if (name.includes('/'))
    return `failed to find name in PATH: exec: "${name}": stat ${name}: no such file or directory`;
  return `failed to find name in PATH: exec: "${name}": executable file not found in $PATH`;
}

export function missingFileMessage(path: string): string {
  return `open ${path}: no such file or directory`;
}

export function stopMessage(reason: 'terminate' | 'stop' | 'shutdown'): string {
  if (reason === 'terminate') return "Stopped with strategy 'Terminate'";
  if (reason === 'stop') return "Stopped with strategy 'Stop'";
  return 'pod deleted';
}
