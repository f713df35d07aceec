/** Reads a finished step's outputs the way Argo's executor does: parameters from files, result from stdout. */
import { readFileSync, statSync } from 'node:fs';
import type { EnvVar, PodObservation, PodPlan } from '../pod-plan.js';
import { missingFileMessage } from './messages.js';
import type { PathView } from './mount-view.js';

/** An output parameter file larger than this fails the node rather than filling memory and the store. */
export const MAX_PARAMETER_BYTES = 16 * 1024 * 1024;

export type Outputs = NonNullable<PodObservation['outputs']>;

export interface CollectedOutputs {
  outputs: Outputs;
  /** The first reason outputs could not be collected, Argo-worded (`open /tmp/x: no such file or directory`). */
  error?: string;
  /** Some output artifact lives in the scratch directory, which must then be kept. */
  keepScratch: boolean;
}

export function collectOutputs(
  plan: PodPlan,
  view: PathView,
  main: { exitCode?: number; result?: string },
): CollectedOutputs {
  const errors: string[] = [];
  const parameters: EnvVar[] = [];
  for (const param of plan.outputs.parameters) {
    const value = readParameter(view, param.path);
    if (typeof value === 'string') parameters.push({ name: param.name, value: trimNewline(value) });
    else if (param.default !== undefined) parameters.push({ name: param.name, value: param.default });
    else errors.push(value.error);
  }
  // Output artifacts are saved by the executor (src/executor), after this.
  const outputs: Outputs = { parameters, artifacts: [] };
  if (main.result !== undefined) outputs.result = main.result;
  if (main.exitCode !== undefined) outputs.exitCode = String(main.exitCode);
  const collected: CollectedOutputs = { outputs, keepScratch: false };
  if (errors.length > 0) collected.error = errors.join('; ');
  return collected;
}

function readParameter(view: PathView, path: string): string | { error: string } {
  const hostPath = view.readPath(path);
  if (hostPath === undefined) return { error: missingFileMessage(path) };
  try {
    const stat = statSync(hostPath);
    if (stat.isDirectory()) return { error: `read ${path}: is a directory` };
    if (stat.size > MAX_PARAMETER_BYTES) {
      return {
        error: `output parameter file ${path} is ${stat.size} bytes, more than the ${MAX_PARAMETER_BYTES} allowed`,
      };
    }
    return readFileSync(hostPath, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { error: code === 'ENOENT' ? missingFileMessage(path) : `open ${path}: ${String(err)}` };
  }
}

/** Argo trims a single trailing newline from output parameters. */
function trimNewline(value: string): string {
  return value.endsWith('\n') ? value.slice(0, -1) : value;
}
