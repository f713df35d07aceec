/**
 * Lifecycle hooks and exit handlers of steps, tasks and the workflow (docs/lifecycle-hook.md):
 * `exit` (or `onExit`) runs once the node is fulfilled, at `<node>.onExit`; any other hook runs once,
 * at `<node>.hooks.<name>`, the first time its expression is true. The owner waits for them.
 */
import type { Vars } from '../expr/tags/index.js';
import type { Arguments, LifecycleHook, NodeStatus } from '../spec/types.js';
import type { ChildSpec } from './child-step.js';
import { type Ctx, createNode, getNodeByName, isFulfilled } from './context.js';
import { executeTemplate } from './execute-template.js';
import { substituteText, substituteValue } from './substitution.js';
import { resolveTemplate } from './templates.js';
import { nodeVars } from './vars.js';

export interface HookRun {
  nodeName: string;
  hook: LifecycleHook;
  boundaryId: string;
  vars: Vars;
}

/** The hook cannot start (unknown template, bad arguments): an Error node saying why. */
function failHook(ctx: Ctx, run: HookRun, message: string): void {
  createNode(ctx, {
    name: run.nodeName,
    displayName: run.nodeName.slice(run.nodeName.lastIndexOf('.') + 1),
    type: 'Pod',
    phase: 'Error',
    boundaryID: run.boundaryId,
    message,
  });
}

/** Runs (or advances) one hook node; true when it is fulfilled. */
export function runHook(ctx: Ctx, run: HookRun): boolean {
  const existing = getNodeByName(ctx, run.nodeName);
  if (existing && isFulfilled(existing)) return true;
  // A hook inside a referenced WorkflowTemplate names that WorkflowTemplate's templates.
  const scope = run.boundaryId ? ctx.nodes[run.boundaryId]?.templateScope : undefined;
  const template = resolveTemplate(ctx.templates, ctx.spec, ctx.status, run.hook, scope);
  if (typeof template === 'string') {
    if (!existing) failHook(ctx, run, template);
    return true;
  }
  let args: Arguments | undefined;
  if (!existing && run.hook.arguments) {
    try {
      args = substituteValue(run.hook.arguments, run.vars);
    } catch (err) {
      failHook(ctx, run, (err as Error).message);
      return true;
    }
  }
  const node = executeTemplate(ctx, {
    nodeName: run.nodeName,
    displayName: run.nodeName.slice(run.nodeName.lastIndexOf('.') + 1),
    template,
    args,
    boundaryId: run.boundaryId,
    onExit: true,
  });
  return node !== undefined && isFulfilled(node);
}

/** Whether an expression hook's condition holds now. Errors count as false. */
export function hookFires(expression: string | undefined, vars: Vars): boolean {
  if (!expression) return false;
  try {
    return substituteText(`{{=${expression}}}`, vars) === 'true';
  } catch {
    return false;
  }
}

/** The exit hook of a step/task: `onExit: tmpl` or `hooks.exit`. */
function exitHookOf(spec: ChildSpec): LifecycleHook | undefined {
  const hooks = spec.step.hooks as Record<string, LifecycleHook> | undefined;
  if (hooks?.exit) return hooks.exit;
  if (spec.step.onExit) return { template: spec.step.onExit };
  return undefined;
}

/** Hooks of a step/task node; true when every hook that has to run is fulfilled. */
export function runNodeHooks(ctx: Ctx, spec: ChildSpec, node: NodeStatus): boolean {
  const hooks = spec.step.hooks as Record<string, LifecycleHook> | undefined;
  const exit = exitHookOf(spec);
  if (!hooks && !exit) return true;
  const vars: Vars = { ...spec.vars };
  nodeVars(spec.prefix, node, vars);
  let done = true;
  for (const [name, hook] of Object.entries(hooks ?? {})) {
    if (name === 'exit') continue;
    const nodeName = `${spec.nodeName}.hooks.${name}`;
    const started = getNodeByName(ctx, nodeName) !== undefined;
    if (!started && !hookFires(hook.expression, vars)) continue;
    if (!runHook(ctx, { nodeName, hook, boundaryId: spec.boundaryId, vars })) done = false;
  }
  if (exit && isFulfilled(node) && ctx.shutdown !== 'Terminate') {
    if (!runHook(ctx, { nodeName: `${spec.nodeName}.onExit`, hook: exit, boundaryId: spec.boundaryId, vars }))
      done = false;
  }
  return done;
}
