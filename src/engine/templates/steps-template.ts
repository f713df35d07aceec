/**
 * Steps templates: step groups run one after another, the steps of a group in parallel.
 * Nodes: `<node>[i]` (StepGroup) and `<node>[i].<step>` / `<node>[i].<step>(j:item)`.
 */
import type { Vars } from '../../expr/tags/index.js';
import type { NodeStatus, Template, WorkflowStep } from '../../spec/types.js';
import { continuesOn, runChild } from '../child-step.js';
import {
  addChild,
  type Ctx,
  createNode,
  getNode,
  getNodeByName,
  haltMessage,
  isFailedOrError,
  isFulfilled,
  markPhase,
  putNode,
} from '../context.js';
import { activeUnder } from '../engine-index.js';
import type { ExecOpts } from '../execute-template.js';
import { templateVars } from '../execute-template.js';
import { expandLoop, isLoop, type LoopItem } from '../loops.js';
import { outboundNodes, resolvedTemplate } from '../outbound.js';
import { publishGlobalOutputs, scopeOutputs } from '../parameters.js';
import { substituteValue } from '../substitution.js';
import { aggregateVars, nodeVars } from '../vars.js';

/** The groups of a steps template (YAML writes each group as a plain list). */
export function stepGroups(tmpl: Template): WorkflowStep[][] {
  return (tmpl.steps ?? []).map((g) => (Array.isArray(g) ? (g as WorkflowStep[]) : (g.steps ?? [])));
}

interface GroupContext {
  stepsNode: NodeStatus;
  tmpl: Template;
  scope: Vars;
  onExit: boolean;
}

function connectGroup(ctx: Ctx, stepsNode: NodeStatus, prev: NodeStatus | undefined, sg: NodeStatus): void {
  if (!prev) {
    addChild(ctx, stepsNode.id, sg.id);
    return;
  }
  const children = getNode(ctx, prev.id)?.children ?? [];
  if (children.length === 0) {
    addChild(ctx, prev.id, sg.id);
    return;
  }
  for (const child of children) for (const out of outboundNodes(ctx, child)) addChild(ctx, out, sg.id);
}

function groupOutbound(ctx: Ctx, sg: NodeStatus | undefined): string[] {
  return (sg ? (getNode(ctx, sg.id)?.children ?? []) : []).flatMap((c) => outboundNodes(ctx, c));
}

export function executeSteps(ctx: Ctx, node: NodeStatus, opts: ExecOpts): NodeStatus {
  let tmpl: Template;
  try {
    tmpl = resolvedTemplate(ctx, node.id, opts);
  } catch (err) {
    return markPhase(ctx, node.id, 'Error', (err as Error).message);
  }
  const scope: Vars = templateVars(ctx, opts, node.inputs);
  const groups = stepGroups(tmpl);
  let prev: NodeStatus | undefined;
  for (let i = 0; i < groups.length; i++) {
    const sgName = `${node.name}[${i}]`;
    let sg = getNodeByName(ctx, sgName);
    if (!sg) {
      const halt = haltMessage(ctx, opts.onExit);
      if (halt) return markPhase(ctx, node.id, 'Failed', halt);
      sg = createNode(ctx, {
        name: sgName,
        displayName: `[${i}]`,
        type: 'StepGroup',
        phase: 'Running',
        boundaryID: node.id,
        templateName: tmpl.name ?? '',
      });
      connectGroup(ctx, node, prev, sg);
    }
    sg = executeStepGroup(ctx, sg, groups[i] ?? [], { stepsNode: node, tmpl, scope, onExit: opts.onExit });
    if (!isFulfilled(sg)) return getNode(ctx, node.id) ?? node;
    if (isFailedOrError(sg.phase)) {
      const current = getNode(ctx, node.id) ?? node;
      putNode(ctx, { ...current, outboundNodes: groupOutbound(ctx, sg) });
      return markPhase(ctx, node.id, 'Failed', `step group ${sg.id} was unsuccessful: ${sg.message ?? ''}`);
    }
    prev = sg;
  }
  const { outputs, error } = scopeOutputs(tmpl, scope);
  if (error) return markPhase(ctx, node.id, 'Error', error);
  const current = getNode(ctx, node.id) ?? node;
  const done: NodeStatus = { ...current, outboundNodes: groupOutbound(ctx, prev) };
  if (outputs) done.outputs = outputs;
  putNode(ctx, done);
  publishGlobalOutputs(ctx, outputs);
  return markPhase(ctx, node.id, 'Succeeded');
}

function expansions(step: WorkflowStep, scope: Vars): LoopItem[] | null {
  return isLoop(step) ? expandLoop(step.name ?? '', step, scope) : null;
}

/** Advances a step group; adds the outputs of its steps to g.scope once it is fulfilled. */
function executeStepGroup(ctx: Ctx, sg: NodeStatus, steps: WorkflowStep[], g: GroupContext): NodeStatus {
  const fulfilled = isFulfilled(sg);
  const groupVars: Vars = {};
  let complete = true;
  let unstarted = 0;
  let failure: NodeStatus | undefined;
  for (const step of steps) {
    const stepName = step.name ?? '';
    const prefix = `steps.${stepName}`;
    let items: LoopItem[] | null;
    try {
      items = expansions(step, g.scope);
    } catch (err) {
      if (fulfilled) continue;
      return markPhase(ctx, sg.id, 'Error', (err as Error).message);
    }
    if (items && items.length === 0) {
      const name = `${sg.name}.${stepName}`;
      let empty = getNodeByName(ctx, name);
      if (!empty && !fulfilled) {
        empty = createNode(ctx, {
          name,
          displayName: stepName,
          type: 'Skipped',
          phase: 'Skipped',
          boundaryID: g.stepsNode.id,
          templateName: step.template ?? '',
          message: 'Skipped, empty params',
        });
        addChild(ctx, sg.id, empty.id);
      }
      aggregateVars(prefix, [], groupVars);
      continue;
    }
    const entries = items ?? [{ name: stepName, vars: {} }];
    const hasHooks = step.hooks !== undefined || step.onExit !== undefined;
    const children: NodeStatus[] = [];
    for (const entry of entries) {
      const childName = `${sg.name}.${entry.name}`;
      let child = getNodeByName(ctx, childName);
      if (!fulfilled && (!child || !isFulfilled(child) || hasHooks)) {
        const parallelism = g.tmpl.parallelism;
        if (!child && parallelism && activeUnder(ctx.index, g.stepsNode.id) >= parallelism) {
          complete = false;
          unstarted++;
          continue;
        }
        const vars = items ? { ...g.scope, ...entry.vars } : g.scope;
        const res = runChild(ctx, {
          step: items ? substituteValue(step, entry.vars, true) : step,
          nodeName: childName,
          displayName: entry.name,
          boundaryId: g.stepsNode.id,
          onExit: g.onExit,
          vars,
          prefix,
        });
        if (res.node) {
          addChild(ctx, sg.id, res.node.id);
          child = res.node;
        } else unstarted++;
        if (!res.done) complete = false;
      }
      if (!child) continue;
      children.push(child);
      if (!failure && isFulfilled(child) && isFailedOrError(child.phase) && !continuesOn(step, child.phase)) {
        failure = child;
      }
    }
    if (items) aggregateVars(prefix, children, groupVars);
    else if (children[0]) nodeVars(prefix, children[0], groupVars);
  }
  if (fulfilled) {
    Object.assign(g.scope, groupVars);
    return sg;
  }
  if (!complete) {
    const halt = haltMessage(ctx, g.onExit);
    const active = (getNode(ctx, sg.id)?.children ?? []).some((id) => !isFulfilled(getNode(ctx, id)));
    if (halt && unstarted > 0 && !active) return markPhase(ctx, sg.id, 'Failed', halt);
    return getNode(ctx, sg.id) ?? sg;
  }
  Object.assign(g.scope, groupVars);
  if (failure) return markPhase(ctx, sg.id, 'Failed', `child '${failure.id}' failed`);
  return markPhase(ctx, sg.id, 'Succeeded');
}
