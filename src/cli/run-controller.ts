/**
 * Without a server, the CLI runs the controller itself: in this process while it waits or watches
 * (`submit --wait|--watch`, `wait`, `watch`), or as a detached background process
 * (`argosy controller --exit-when-idle`) after a plain `submit`, `resume`, `retry`... so a
 * submitted workflow always runs to the end. Leases keep two controllers off one workflow.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newHolderId } from '../controller/lease-keeper.js';
import { WorkflowController } from '../controller/workflow-controller.js';
import { HostRuntime, reapOrphans } from '../runtime/index.js';
import type { Runtime } from '../runtime/runtime.js';
import type { CliContext } from './context.js';

export interface RunningController {
  controller: WorkflowController;
  runtime: Runtime;
  stop(): Promise<void>;
}

export async function startController(
  ctx: CliContext,
  log?: (m: string) => void,
): Promise<RunningController> {
  const baseDir = join(ctx.home, 'pods');
  // Steps left running by a controller that was killed are stopped; their workflows restart them.
  await reapOrphans(baseDir);
  const runtime = new HostRuntime({ baseDir });
  // A host step cannot outlive the controller that ran it (orphans are reaped above), so a step that
  // was running when its controller died never succeeded: start it again.
  const controller = new WorkflowController({
    store: ctx.store,
    runtime,
    holder: newHolderId(),
    log,
    lostPodPolicy: 'restart',
  });
  await controller.start();
  return {
    controller,
    runtime,
    stop: async () => {
      await controller.stop();
      // Steps stopped because this process goes away leave no outcome record: the next controller
      // finds them lost and starts them again, as after a crash.
      await runtime.close();
    },
  };
}

/** Starts `argosy controller --exit-when-idle` detached, logging to $ARGOSY_HOME/controller.log. */
export function spawnBackgroundController(home: string): void {
  mkdirSync(home, { recursive: true });
  const out = openSync(join(home, 'controller.log'), 'a');
  // main.js when built; main.ts when run from source under tsx (execArgv then carries the loader).
  const main = fileURLToPath(import.meta.url).replace(/run-controller\.(ts|js)$/, 'main.$1');
  const child = spawn(process.execPath, [...process.execArgv, main, 'controller', '--exit-when-idle'], {
    detached: true,
    stdio: ['ignore', out, out],
    env: process.env,
  });
  child.unref();
}
