/**
 * Workflow-level concerns: stopping work on shutdown or deadline, the workflow's exit handler and
 * hooks, `workflow.status` / `workflow.failures`, and the final phase, message and progress.
 */
import type { LifecycleHook, NodeStatus } from '../spec/types.js';
import { type Ctx, getNodeByName, haltMessage, isFulfilled, putNode } from './context.js';
import { hookFires, runHook } from './hooks.js';
import { podNameOf } from './node-id.js';

/** Exit-handler and hook nodes keep running after spec.shutdown=Stop and after the deadline. */
function isExitNode(ctx: Ctx, node: NodeStatus): boolean {
  return (
    node.name.startsWith(`${ctx.name}.onExit`) ||
    node.name.includes('.onExit') ||
    node.name.includes('.hooks.')
  );
}

/** Stops the pods and fails the running leaves that may no longer run. Idempotent. */
export function haltRunningWork(ctx: Ctx): void {
  const reason = ctx.shutdown === 'Terminate' ? 'terminate' : ctx.shutdown === 'Stop' ? 'stop' : 'deadline';
  for (const id of [...ctx.index.activePods]) {
    const node = ctx.nodes[id];
    if (!node) continue;
    const exit = isExitNode(ctx, node);
    const message = haltMessage(ctx, exit);
    if (!message) continue;
    ctx.actions.push({
      type: 'stopPod',
      podName: podNameOf(ctx.name, node.name, node.templateName ?? ''),
      reason,
    });
    putNode(ctx, { ...node, phase: 'Failed', message, finishedAt: ctx.now });
  }
  for (const set of ctx.index.activeByBoundary.values()) {
    for (const id of [...set]) {
      const node = ctx.nodes[id];
      if (!node || (node.type !== 'Suspend' && node.type !== 'HTTP')) continue;
      const message = haltMessage(ctx, isExitNode(ctx, node));
      if (message) putNode(ctx, { ...node, phase: 'Failed', message, finishedAt: ctx.now });
    }
  }
}

/** Argo's `workflow.failures`: every failed and errored node, of any type (as Argo lists them), as JSON. */
export function failuresJson(ctx: Ctx): string {
  const failures = Object.values(ctx.nodes)
    .filter((n) => n.phase === 'Failed' || n.phase === 'Error')
    .map((n) => ({
      displayName: n.displayName ?? '',
      message: n.message ?? '',
      templateName: n.templateName ?? '',
      phase: n.phase ?? '',
      podName: podNameOf(ctx.name, n.name, n.templateName ?? ''),
      finishedAt: n.finishedAt ?? null,
    }));
  return JSON.stringify(failures);
}

function workflowHooks(ctx: Ctx): Record<string, LifecycleHook> {
  return (ctx.spec.hooks ?? {}) as Record<string, LifecycleHook>;
}

/** The workflow's exit handler (spec.onExit or hooks.exit), at `<wf>.onExit`. True when done or absent. */
export function runWorkflowExitHandler(ctx: Ctx): boolean {
  if (ctx.shutdown === 'Terminate') return true;
  const hooks = workflowHooks(ctx);
  const hook: LifecycleHook | undefined =
    hooks.exit ?? (ctx.spec.onExit ? { template: ctx.spec.onExit } : undefined);
  if (!hook) return true;
  return runHook(ctx, { nodeName: `${ctx.name}.onExit`, hook, boundaryId: '', vars: ctx.globals });
}

/** Workflow-level expression hooks: each runs once, the first time its expression is true. True when all started ones are done. */
export function runWorkflowHooks(ctx: Ctx): boolean {
  let done = true;
  for (const [name, hook] of Object.entries(workflowHooks(ctx))) {
    if (name === 'exit') continue;
    const nodeName = `${ctx.name}.hooks.${name}`;
    const started = getNodeByName(ctx, nodeName) !== undefined;
    if (!started && (ctx.shutdown === 'Terminate' || !hookFires(hook.expression, ctx.globals))) continue;
    if (!runHook(ctx, { nodeName, hook, boundaryId: '', vars: ctx.globals })) done = false;
  }
  return done;
}

/** Sets the workflow phase and message once the root and the exit handler are done. */
export function completeWorkflow(ctx: Ctx, root: NodeStatus): void {
  const exit = getNodeByName(ctx, `${ctx.name}.onExit`);
  let phase: 'Succeeded' | 'Failed' | 'Error' =
    root.phase === 'Error' ? 'Error' : root.phase === 'Failed' ? 'Failed' : 'Succeeded';
  let message = phase === 'Succeeded' ? undefined : root.message;
  if (
    phase === 'Succeeded' &&
    exit &&
    isFulfilled(exit) &&
    (exit.phase === 'Failed' || exit.phase === 'Error')
  ) {
    phase = exit.phase === 'Error' ? 'Error' : 'Failed';
    message = exit.message;
  }
  ctx.status.phase = phase;
  ctx.status.finishedAt = ctx.now;
  if (message) ctx.status.message = message;
  else delete ctx.status.message;
}
