/**
 * Which runtime runs the steps: `--runtime host|container|auto` (or ARGOSY_RUNTIME), host by
 * default. `auto` picks the container runtime when a container engine answers, else the host.
 * The choice travels to a background controller through ARGOSY_RUNTIME. The container runtime's
 * modules (and dockerode) are loaded only when it is chosen.
 */
import { join } from 'node:path';
import { ValidationError } from '../errors/index.js';
import type { ExecutorServices } from '../executor/index.js';
import type { Store } from '../store/index.js';
import { HostRuntime } from './host/host-runtime.js';
import { reapOrphans } from './host/orphans.js';
import type { Runtime } from './runtime.js';

export const RUNTIME_NAMES = ['host', 'container', 'auto'] as const;
export type RuntimeName = (typeof RUNTIME_NAMES)[number];

/** The runtime asked for, from ARGOSY_RUNTIME (set by --runtime); a bad name is a ValidationError. */
export function requestedRuntime(env: NodeJS.ProcessEnv = process.env): RuntimeName {
  const value = env.ARGOSY_RUNTIME?.trim() || 'host';
  if (!(RUNTIME_NAMES as readonly string[]).includes(value)) {
    throw new ValidationError('--runtime', `must be one of ${RUNTIME_NAMES.join(', ')}, got '${value}'`);
  }
  return value as RuntimeName;
}

/** Fails fast (EngineUnavailableError) when the container runtime is asked for and no engine answers. */
export async function checkRuntimeAvailable(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (requestedRuntime(env) !== 'container') return;
  const { connectEngine } = await import('./container/engine-client.js');
  await connectEngine({ env });
}

export interface SelectedRuntime {
  runtime: Runtime;
  /** Host steps die with their controller and container steps are adopted: both restart a lost pod. */
  lostPodPolicy: 'restart';
  /** Stops what the runtime needs besides itself (the claim-volume watch), then closes the runtime. */
  close(): Promise<void>;
}

export async function selectRuntime(
  home: string,
  store: Store,
  log?: (m: string) => void,
  env: NodeJS.ProcessEnv = process.env,
  /** The executor's artifact drivers and secrets (both runtimes; the container runtime stages artifacts on the host). */
  artifacts?: ExecutorServices,
): Promise<SelectedRuntime> {
  const baseDir = join(home, 'pods');
  let name = requestedRuntime(env);
  if (name === 'auto') {
    const { engineAnswers } = await import('./container/engine-client.js');
    name = (await engineAnswers(env)) ? 'container' : 'host';
  }
  if (name === 'container') {
    // Loaded only when used: the host runtime's commands do not pay for the Engine API client.
    const { ContainerRuntime } = await import('./container/container-runtime.js');
    const { removeClaimVolumesWhenDone } = await import('./claim-volume-gc.js');
    const runtime = new ContainerRuntime({
      scope: home,
      stagingDir: baseDir,
      ...(artifacts ? { artifacts } : {}),
    });
    await runtime.prepare();
    const stopClaimGc = await removeClaimVolumesWhenDone(store, runtime, log);
    return {
      runtime,
      lostPodPolicy: 'restart',
      close: async () => {
        await runtime.close();
        await stopClaimGc();
      },
    };
  }
  // Steps left running by a host controller that was killed are stopped; their workflows restart them.
  await reapOrphans(baseDir);
  const runtime = new HostRuntime({ baseDir, ...(artifacts ? { artifacts } : {}) });
  // Probe the kernel now (a step in the spawner, on another core) while the controller reads and
  // reconciles its first workflow, not when that workflow's first pod is waiting for the answer.
  // A refusal is reported by that first pod's start, which asks again.
  runtime.isolation().catch(() => {});
  return { runtime, lostPodPolicy: 'restart', close: () => runtime.close() };
}
