/**
 * For the container runtime's tests: the engine if one answers (else the reason to skip, printed
 * once), and a runtime of a fresh scope whose containers and volumes are all removed afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContainerRuntime, type ContainerRuntimeOptions } from './container-runtime.js';
import { connectEngine, type Engine } from './engine-client.js';
import { LABEL, labelFilter, listVolumesLabelled, MANAGED_BY, scopeId } from './labels.js';

let probed: Promise<Engine | string> | undefined;

/** The engine, or why container tests skip. On CI (CI=true) a missing engine is a failure, not a skip. */
export function testEngine(): Promise<Engine | string> {
  probed ??= connectEngine({ timeoutMs: 30_000 }).catch((err: Error) => {
    const reason = `no container engine (${err.message}); run scripts/container-setup.sh as root: container tests skipped`;
    if (process.env.CI === 'true') throw new Error(`CI must have a container engine: ${reason}`);
    console.log(reason);
    return reason;
  });
  return probed;
}

export interface TestRuntime {
  runtime: ContainerRuntime;
  engine: Engine;
  scope: string;
  dir: string;
  /** Removes everything the scope created (containers, volumes) and the temp dir; asserts nothing is left. */
  cleanup(): Promise<number>;
}

export async function testRuntime(
  engine: Engine,
  options: Partial<ContainerRuntimeOptions> = {},
): Promise<TestRuntime> {
  const dir = mkdtempSync(join(tmpdir(), 'argosy-container-'));
  const scope = options.scope ?? dir;
  const runtime = new ContainerRuntime({
    scope,
    stagingDir: join(dir, 'pods'),
    engine,
    killGraceMs: 500,
    ...options,
  });
  await runtime.prepare();
  return {
    runtime,
    engine,
    scope,
    dir,
    cleanup: async () => {
      await runtime.close();
      const left = await leftovers(engine, scope);
      await runtime.removeAll();
      rmSync(dir, { recursive: true, force: true });
      return left;
    },
  };
}

/** How many containers and volumes of the scope exist. */
export async function leftovers(engine: Engine, scope: string, options = { volumes: true }): Promise<number> {
  const labels = { [LABEL.managedBy]: MANAGED_BY, [LABEL.scope]: scopeId(scope) };
  const containers = await engine.docker.listContainers({ all: true, filters: labelFilter(labels) });
  const volumes = options.volumes ? await listVolumesLabelled(engine.docker, labels) : [];
  const names = [
    ...containers.map((c) => `container ${c.Names[0]} (${c.State})`),
    ...volumes.map((v) => `volume ${v.Name}`),
  ];
  if (names.length > 0) console.log(`left behind: ${names.join(', ')}`);
  return names.length;
}
