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
import { loadControllerConfig } from '../config/index.js';
import { artifactWiring } from '../controller/artifact-wiring.js';
import { holderIsDeadLocalProcess, newHolderId } from '../controller/lease-keeper.js';
import { WorkflowController } from '../controller/workflow-controller.js';
import { CronController } from '../cron/cron-controller.js';
import type { Runtime } from '../runtime/runtime.js';
import { selectRuntime } from '../runtime/select-runtime.js';
import type { Store } from '../store/index.js';

export interface RunningController {
  controller: WorkflowController;
  runtime: Runtime;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Also schedule CronWorkflows (a long-lived `argosy controller`; see docs/cron.md). */
  cron?: boolean;
}

export async function startController(
  ctx: { home: string; store: Store },
  log?: (m: string) => void,
  options: StartOptions = {},
): Promise<RunningController> {
  // host (default) or container (--runtime / ARGOSY_RUNTIME): see select-runtime.ts.
  const wiring = artifactWiring(ctx.store, ctx.home);
  const selected = await selectRuntime(ctx.home, ctx.store, log, process.env, wiring.artifacts);
  const { runtime, lostPodPolicy } = selected;
  const controller = new WorkflowController({
    store: ctx.store,
    runtime,
    holder: newHolderId(),
    log,
    lostPodPolicy,
    ...wiring.controllerOptions,
  });
  await controller.start();
  const cron = options.cron
    ? new CronController({
        store: ctx.store,
        holder: newHolderId(),
        log,
        holderIsDead: holderIsDeadLocalProcess,
        workflowDefaults: loadControllerConfig(ctx.home, process.env.ARGOSY_CONFIG || undefined)
          .workflowDefaults,
      })
    : undefined;
  await cron?.start();
  return {
    controller,
    runtime,
    stop: async () => {
      await cron?.stop();
      // Steps stopped because this process goes away leave no outcome record: the next controller
      // finds them lost and starts them again, as after a crash. The runtime closes before the
      // leases go, so nothing of a workflow is still being started when another controller takes it.
      await controller.stop(() => selected.close());
    },
  };
}

/** The CLI's entry module, as main.ts records it (in the bundle, this code is in a chunk beside it). */
let cliEntry: string | undefined;

export function setCliEntry(url: string): void {
  cliEntry = fileURLToPath(url);
}

/** main.js beside this file when compiled by tsc; main.ts when run from source under tsx (execArgv then carries the loader). */
function defaultCliEntry(): string {
  return fileURLToPath(import.meta.url).replace(/run-controller\.(ts|js)$/, 'main.$1');
}

/** Starts `argosy controller --exit-when-idle` detached, logging to $ARGOSY_HOME/controller.log. */
export function spawnBackgroundController(home: string): void {
  mkdirSync(home, { recursive: true });
  const out = openSync(join(home, 'controller.log'), 'a');
  const main = cliEntry ?? defaultCliEntry();
  const child = spawn(process.execPath, [...process.execArgv, main, 'controller', '--exit-when-idle'], {
    detached: true,
    stdio: ['ignore', out, out],
    env: process.env,
  });
  child.unref();
}
