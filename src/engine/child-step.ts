/**
 * Running one step of a step group or one DAG task: `when`, template lookup, argument substitution,
 * then executeTemplate; afterwards the step's own exit handler (`onExit` / `hooks.exit`) and its
 * expression hooks.
 */
import type { Vars } from '../expr/tags/index.js';
import { evaluateWhen } from '../expr/when/index.js';
import type { Arguments, DAGTask, NodeStatus, WorkflowStep } from '../spec/types.js';
import { resolveArtifactExpressions } from './artifacts/index.js';
import { type Ctx, createNode, getNodeByName, isFulfilled } from './context.js';
import { type ExecOpts, executeTemplate } from './execute-template.js';
import { runNodeHooks } from './hooks.js';
import { substituteText, substituteValue } from './substitution.js';
import { resolveTemplate } from './templates.js';

export type StepLike = WorkflowStep | DAGTask;

export interface ChildSpec {
  step: StepLike;
  nodeName: string;
  displayName: string;
  boundaryId: string;
  onExit: boolean;
  /** Scope variables (steps/tasks outputs, inputs, globals, item). */
  vars: Vars;
  /** `steps.NAME` or `tasks.NAME`, for hook variables. */
  prefix: string;
}

export interface ChildResult {
  node?: NodeStatus;
  /** The node and its exit handler are fulfilled. */
  done: boolean;
}

export function continuesOn(step: StepLike, phase: string | undefined): boolean {
  if (phase === 'Failed') return step.continueOn?.failed === true;
  if (phase === 'Error') return step.continueOn?.error === true;
  return false;
}

/** `when '<condition>' evaluated false` Skipped node, or undefined when the step should run. */
function skipByWhen(ctx: Ctx, spec: ChildSpec): NodeStatus | undefined {
  const when = spec.step.when;
  if (!when) return undefined;
  const base = {
    name: spec.nodeName,
    displayName: spec.displayName,
    boundaryID: spec.boundaryId,
    templateName: spec.step.template ?? '',
  };
  let condition: string;
  try {
    condition = substituteText(when, spec.vars);
    if (evaluateWhen(condition)) return undefined;
  } catch (err) {
    return createNode(ctx, { ...base, type: 'Skipped', phase: 'Error', message: (err as Error).message });
  }
  return createNode(ctx, {
    ...base,
    type: 'Skipped',
    phase: 'Skipped',
    message: `when '${condition}' evaluated false`,
  });
}

function execOpts(ctx: Ctx, spec: ChildSpec, creating: boolean): ExecOpts | string {
  const scope = ctx.nodes[spec.boundaryId]?.templateScope;
  const template = resolveTemplate(ctx.templates, ctx.spec, ctx.status, spec.step, scope);
  if (typeof template === 'string') return template;
  let args: Arguments | undefined;
  if (creating && spec.step.arguments)
    args = resolveArtifactExpressions(substituteValue(spec.step.arguments, spec.vars), spec.vars);
  return {
    nodeName: spec.nodeName,
    displayName: spec.displayName,
    template,
    args,
    boundaryId: spec.boundaryId,
    onExit: spec.onExit,
  };
}

/** Advances one step/task; `node` is undefined while it cannot start yet. */
export function runChild(ctx: Ctx, spec: ChildSpec): ChildResult {
  let node = getNodeByName(ctx, spec.nodeName);
  if (!node) {
    const skipped = skipByWhen(ctx, spec);
    if (skipped) return { node: skipped, done: true };
  }
  if (!node || !isFulfilled(node)) {
    let opts: ExecOpts | string;
    try {
      opts = execOpts(ctx, spec, node === undefined);
    } catch (err) {
      opts = (err as Error).message;
    }
    if (typeof opts === 'string') {
      if (node) return { node, done: false };
      const failed = createNode(ctx, {
        name: spec.nodeName,
        displayName: spec.displayName,
        boundaryID: spec.boundaryId,
        type: 'Pod',
        phase: 'Error',
        message: opts,
      });
      return { node: failed, done: true };
    }
    node = executeTemplate(ctx, opts);
    if (!node) return { done: false };
  }
  const hooksDone = runNodeHooks(ctx, spec, node);
  return { node, done: isFulfilled(node) && hooksDone };
}
