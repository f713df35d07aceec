/**
 * Carries out the engine's actions: start and stop pods (with their ConfigMap and Secret sources),
 * make HTTP requests, list data-template sources, schedule requeues.
 */
import type { Action, ListArtifactPathsAction, Observation } from '../engine/index.js';
import { type ConfigReader, resolveConfigSources } from '../runtime/config-sources.js';
import type { Runtime, RuntimeSink } from '../runtime/runtime.js';
import type { WorkflowRef } from '../sync/lock-manager.js';
import type { GateExecutor } from './gate-actions.js';
import { performHttpRequest } from './http-request.js';

export interface ActionContext {
  runtime: Runtime;
  sink: RuntimeSink;
  observe: (observation: Observation) => void;
  requeueAfter: (ms: number) => void;
  /** Synchronization, memoization and resource-template actions, for this workflow. */
  gates?: { executor: GateExecutor; workflow: WorkflowRef };
  /** Carries out artifact GC (deleteArtifacts actions); without it they are dropped. */
  deleteArtifacts?: (action: Extract<Action, { type: 'deleteArtifacts' }>) => void;
  /** Lists a data template's source; without it, data templates end in Error. */
  listArtifactPaths?: ((action: ListArtifactPathsAction) => Promise<string[]>) | undefined;
  /** ConfigMaps and Secrets for env and volumes; without it a plan referring to one is refused. */
  readConfig?: ConfigReader;
}

/** Lists the files (full keys) of a data template's source, in a namespace (for its Secrets). */
export type ArtifactPathLister = (namespace: string, action: ListArtifactPathsAction) => Promise<string[]>;

export async function executeActions(actions: Action[], ctx: ActionContext): Promise<void> {
  for (const action of actions) {
    switch (action.type) {
      case 'startPod':
        // Awaited: a stop or a second start of the same pod in the next reconcile then finds it
        // started (not awaiting it raced a container's creation with its deadline stop in CI).
        await startPod(action.plan, ctx);
        break;
      case 'stopPod':
        await ctx.runtime.stop(action.podName, action.reason);
        break;
      case 'httpRequest':
        void performHttpRequest(action.nodeId, action.request).then(ctx.observe);
        break;
      case 'listArtifactPaths':
        void listForData(action, ctx).then(ctx.observe);
        break;
      case 'requeueAfter':
        ctx.requeueAfter(Math.max(0, action.seconds * 1000));
        break;
      case 'deleteArtifacts':
        ctx.deleteArtifacts?.(action);
        break;
      default:
        await ctx.gates?.executor.execute(action, ctx.gates.workflow, ctx.observe);
        break;
    }
  }
}

async function listForData(action: ListArtifactPathsAction, ctx: ActionContext): Promise<Observation> {
  const { nodeId, transformation } = action;
  if (!ctx.listArtifactPaths)
    return {
      kind: 'data',
      nodeId,
      transformation,
      error: 'artifact listing is not available in this controller',
    };
  try {
    return { kind: 'data', nodeId, transformation, files: await ctx.listArtifactPaths(action) };
  } catch (err) {
    return { kind: 'data', nodeId, transformation, error: err instanceof Error ? err.message : String(err) };
  }
}

async function startPod(
  plan: Extract<Action, { type: 'startPod' }>['plan'],
  ctx: ActionContext,
): Promise<void> {
  try {
    // Resolved here, not in the engine: the values never enter the workflow's status or the plan it keeps.
    const resolved = ctx.readConfig ? await resolveConfigSources(plan, ctx.readConfig) : plan;
    ctx.runtime.check(resolved);
    await ctx.runtime.start(resolved, ctx.sink);
  } catch (err) {
    const now = new Date().toISOString();
    ctx.observe({
      podName: plan.podName,
      nodeId: plan.nodeId,
      phase: 'Error',
      startedAt: now,
      finishedAt: now,
      message: err instanceof Error ? err.message : String(err),
      containers: [],
    });
  }
}
