/**
 * Reads a finished pod's outputs out of its containers through the archive endpoint, the way Argo's
 * executor does: parameters from files, result from stdout, exit code. (Output artifacts: see
 * container-artifacts.ts.)
 */
import type Docker from 'dockerode';
import { missingFileMessage } from '../host/messages.js';
import { MAX_PARAMETER_BYTES } from '../host/outputs.js';
import type { EnvVar, PodObservation, PodPlan } from '../pod-plan.js';
import { readTar } from './tar-bytes.js';

export type Outputs = NonNullable<PodObservation['outputs']>;

export interface CollectedOutputs {
  outputs: Outputs;
  /** The first reasons outputs could not be collected, Argo-worded. */
  error?: string;
}

const statusOf = (err: unknown): number | undefined => (err as { statusCode?: number }).statusCode;

async function readParameter(container: Docker.Container, path: string): Promise<string | { error: string }> {
  try {
    const entries = await readTar(await container.getArchive({ path }), MAX_PARAMETER_BYTES);
    const first = entries[0];
    if (!first) return { error: missingFileMessage(path) };
    if (first.type === 'Directory') return { error: `read ${path}: is a directory` };
    if (first.content === undefined) {
      return {
        error: `output parameter file ${path} is ${first.size} bytes, more than the ${MAX_PARAMETER_BYTES} allowed`,
      };
    }
    return first.content.toString('utf8');
  } catch (err) {
    if (statusOf(err) === 404) return { error: missingFileMessage(path) };
    return { error: `open ${path}: ${err instanceof Error ? err.message : String(err)}` };
  }
}

export async function collectOutputs(
  plan: Pick<PodPlan, 'outputs'>,
  container: Docker.Container,
  main: { exitCode?: number; result?: string },
): Promise<CollectedOutputs> {
  const errors: string[] = [];
  const parameters: EnvVar[] = [];
  for (const param of plan.outputs.parameters) {
    const value = await readParameter(container, param.path);
    if (typeof value === 'string') {
      parameters.push({ name: param.name, value: value.endsWith('\n') ? value.slice(0, -1) : value });
    } else if (param.default !== undefined) parameters.push({ name: param.name, value: param.default });
    else errors.push(value.error);
  }
  // Artifacts are saved by saveContainerArtifacts (container-artifacts.ts).
  const outputs: Outputs = { parameters, artifacts: [] };
  if (main.result !== undefined) outputs.result = main.result;
  if (main.exitCode !== undefined) outputs.exitCode = String(main.exitCode);
  return errors.length > 0 ? { outputs, error: errors.join('; ') } : { outputs };
}
