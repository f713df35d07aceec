/**
 * DAG templates. Each DAG node keeps a small state in the engine index (running tasks, candidate
 * tasks whose dependencies just changed, first failure), so a reconcile only looks at the tasks
 * that can move: O(changed tasks), not O(tasks). Loops expand into a TaskGroup node.
 */
import { evaluateDepends, type TaskOutcome } from '../../expr/depends/index.js';
import type { Vars } from '../../expr/tags/index.js';
import type { DAGTask, NodeStatus, Template } from '../../spec/types.js';
import { type ChildResult, continuesOn, runChild } from '../child-step.js';
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
import { activeUnder, type DagState } from '../engine-index.js';
import { type ExecOpts, templateVars } from '../execute-template.js';
import { expandLoop, isLoop } from '../loops.js';
import { OrderedCandidates } from '../ordered-candidates.js';
import { outboundNodes, resolvedTemplate } from '../outbound.js';
import { publishGlobalOutputs, scopeOutputs } from '../parameters.js';
import { substituteValue } from '../substitution.js';
import { aggregateVars, nodeVars, referencedNames } from '../vars.js';
import { type DagPlan, dagPlan } from './dag-plan.js';

interface Dag {
  node: NodeStatus;
  tmpl: Template;
  plan: DagPlan;
  state: DagState;
  base: Vars;
  onExit: boolean;
}

function taskNode(ctx: Ctx, dag: Dag, task: string): NodeStatus | undefined {
  return getNodeByName(ctx, `${dag.node.name}.${task}`);
}

function hasHooks(task: DAGTask | undefined): boolean {
  return task !== undefined && (task.hooks !== undefined || task.onExit !== undefined);
}

/** A failed task stops a failFast DAG unless it continues on that phase or a dependent expects the failure. */
function stopsDag(plan: DagPlan, t: string, task: DAGTask, phase: string | undefined): boolean {
  return !continuesOn(task, phase) && !plan.handled.has(t);
}

function rebuildState(ctx: Ctx, dagNode: NodeStatus, plan: DagPlan): DagState {
  const state: DagState = {
    running: new Set(),
    candidates: new OrderedCandidates((t) => plan.order.get(t) ?? 0),
  };
  const nodeOf = (t: string) => getNodeByName(ctx, `${dagNode.name}.${t}`);
  for (const t of plan.relevant) {
    const n = nodeOf(t);
    const task = plan.tasks.get(t);
    if (n) {
      if (!isFulfilled(n) || hasHooks(task)) state.running.add(t);
      else if (!state.failure && isFailedOrError(n.phase) && task && stopsDag(plan, t, task, n.phase)) {
        state.failure = { phase: n.phase === 'Error' ? 'Error' : 'Failed', nodeId: n.id };
      }
    } else if ((plan.deps.get(t) ?? []).every((d) => isFulfilled(nodeOf(d)))) state.candidates.add(t);
  }
  ctx.index.dags.set(dagNode.id, state);
  return state;
}

/** Variables of the tasks a task refers to (`tasks.X.*`), on top of the DAG's own. */
function taskScope(ctx: Ctx, dag: Dag, names: Iterable<string>): Vars {
  const scope: Vars = { ...dag.base };
  for (const name of names) {
    const n = taskNode(ctx, dag, name);
    if (!n || !isFulfilled(n)) continue;
    const prefix = `tasks.${name}`;
    if (n.type === 'TaskGroup') {
      const children = (n.children ?? []).map((id) => getNode(ctx, id)).filter((c): c is NodeStatus => !!c);
      aggregateVars(prefix, children, scope);
      scope[`${prefix}.status`] = n.phase ?? '';
      scope[`${prefix}.id`] = n.id;
    } else nodeVars(prefix, n, scope);
  }
  return scope;
}

function connect(ctx: Ctx, dag: Dag, task: string, id: string): void {
  const deps = dag.plan.deps.get(task) ?? [];
  if (deps.length === 0) {
    addChild(ctx, dag.node.id, id);
    return;
  }
  for (const d of deps) {
    const depNode = taskNode(ctx, dag, d);
    if (depNode) for (const out of outboundNodes(ctx, depNode.id)) addChild(ctx, out, id);
  }
}

function blockedByParallelism(ctx: Ctx, dag: Dag): boolean {
  const p = dag.tmpl.parallelism;
  return p !== undefined && p > 0 && activeUnder(ctx.index, dag.node.id) >= p;
}

function runLoopTask(ctx: Ctx, dag: Dag, t: string, task: DAGTask, scope: Vars): ChildResult {
  const groupName = `${dag.node.name}.${t}`;
  let group = getNodeByName(ctx, groupName);
  const base = {
    name: groupName,
    displayName: t,
    boundaryID: dag.node.id,
    templateName: task.template ?? '',
  };
  let items: ReturnType<typeof expandLoop>;
  try {
    items = expandLoop(t, task, scope);
  } catch (err) {
    if (group) return { node: markPhase(ctx, group.id, 'Error', (err as Error).message), done: true };
    return {
      node: createNode(ctx, { ...base, type: 'TaskGroup', phase: 'Error', message: (err as Error).message }),
      done: true,
    };
  }
  if (!group) {
    if (items.length === 0) {
      return {
        node: createNode(ctx, {
          ...base,
          type: 'Skipped',
          phase: 'Skipped',
          message: 'Skipped, empty params',
        }),
        done: true,
      };
    }
    if (haltMessage(ctx, dag.onExit)) return { done: false };
    group = createNode(ctx, { ...base, type: 'TaskGroup', phase: 'Running' });
  }
  let complete = true;
  let unstarted = 0;
  let failure: NodeStatus | undefined;
  for (const item of items) {
    const childName = `${dag.node.name}.${item.name}`;
    let child = getNodeByName(ctx, childName);
    if (!child || !isFulfilled(child) || hasHooks(task)) {
      if (!child && blockedByParallelism(ctx, dag)) {
        complete = false;
        unstarted++;
        continue;
      }
      const res = runChild(ctx, {
        step: substituteValue(task, item.vars, true),
        nodeName: childName,
        displayName: item.name,
        boundaryId: dag.node.id,
        onExit: dag.onExit,
        vars: { ...scope, ...item.vars },
        prefix: `tasks.${t}`,
      });
      if (res.node) {
        addChild(ctx, group.id, res.node.id);
        child = res.node;
      } else unstarted++;
      if (!res.done) complete = false;
    }
    if (
      child &&
      !failure &&
      isFulfilled(child) &&
      isFailedOrError(child.phase) &&
      !continuesOn(task, child.phase)
    ) {
      failure = child;
    }
  }
  if (!complete) {
    const halt = haltMessage(ctx, dag.onExit);
    const active = (getNode(ctx, group.id)?.children ?? []).some((id) => !isFulfilled(getNode(ctx, id)));
    if (halt && unstarted > 0 && !active)
      return { node: markPhase(ctx, group.id, 'Failed', halt), done: true };
    return { node: getNode(ctx, group.id) ?? group, done: false };
  }
  if (failure)
    return { node: markPhase(ctx, group.id, 'Failed', `child '${failure.id}' failed`), done: true };
  return { node: markPhase(ctx, group.id, 'Succeeded'), done: true };
}

/** Advances one task; `node` is undefined when it could not start (parallelism, suspend, shutdown). */
function runTask(ctx: Ctx, dag: Dag, t: string): ChildResult {
  const task = dag.plan.tasks.get(t) as DAGTask;
  const existed = taskNode(ctx, dag, t) !== undefined;
  if (!existed && !isLoop(task) && blockedByParallelism(ctx, dag)) return { done: false };
  const scope = taskScope(ctx, dag, dag.plan.refs.get(t) ?? []);
  const res = isLoop(task)
    ? runLoopTask(ctx, dag, t, task, scope)
    : runChild(ctx, {
        step: task,
        nodeName: `${dag.node.name}.${t}`,
        displayName: t,
        boundaryId: dag.node.id,
        onExit: dag.onExit,
        vars: scope,
        prefix: `tasks.${t}`,
      });
  if (!existed && res.node) connect(ctx, dag, t, res.node.id);
  return res;
}

function taskDone(ctx: Ctx, dag: Dag, t: string, node: NodeStatus): void {
  const task = dag.plan.tasks.get(t);
  if (!dag.state.failure && isFailedOrError(node.phase) && task && stopsDag(dag.plan, t, task, node.phase)) {
    dag.state.failure = { phase: node.phase === 'Error' ? 'Error' : 'Failed', nodeId: node.id };
  }
  for (const d of dag.plan.dependents.get(t) ?? []) {
    if (dag.plan.relevant.has(d) && !taskNode(ctx, dag, d)) dag.state.candidates.add(d);
  }
}

function outcomeOf(ctx: Ctx, dag: Dag, name: string): TaskOutcome | undefined {
  const n = taskNode(ctx, dag, name);
  if (!n) return undefined;
  const outcome: TaskOutcome = { phase: (n.phase ?? 'Pending') as TaskOutcome['phase'] };
  if (n.daemoned) outcome.daemoned = true;
  if (n.type === 'TaskGroup') {
    outcome.childPhases = (n.children ?? []).map((id) => getNode(ctx, id)?.phase ?? 'Pending');
  }
  return outcome;
}

/** Decides the candidates whose dependencies are all fulfilled; stops at the first that cannot start. */
function scheduleCandidates(ctx: Ctx, dag: Dag, failFast: boolean): void {
  const { state, plan } = dag;
  for (;;) {
    const batch = state.candidates.snapshot();
    let progressed = false;
    for (const t of batch) {
      if (failFast && state.failure) return;
      const deps = plan.deps.get(t) ?? [];
      if (deps.some((d) => state.running.has(d) || !isFulfilled(taskNode(ctx, dag, d)))) {
        state.candidates.delete(t);
        continue;
      }
      const ast = plan.ast.get(t);
      let satisfied = true;
      try {
        satisfied = ast ? evaluateDepends(ast, (name) => outcomeOf(ctx, dag, name)) : true;
      } catch (err) {
        const node = createNode(ctx, {
          name: `${dag.node.name}.${t}`,
          displayName: t,
          type: 'Skipped',
          phase: 'Error',
          boundaryID: dag.node.id,
          message: (err as Error).message,
        });
        connect(ctx, dag, t, node.id);
        state.candidates.delete(t);
        taskDone(ctx, dag, t, node);
        progressed = true;
        continue;
      }
      if (!satisfied) {
        const node = createNode(ctx, {
          name: `${dag.node.name}.${t}`,
          displayName: t,
          type: 'Skipped',
          phase: 'Omitted',
          boundaryID: dag.node.id,
          templateName: plan.tasks.get(t)?.template ?? '',
          message: 'omitted: depends condition not met',
        });
        connect(ctx, dag, t, node.id);
        state.candidates.delete(t);
        taskDone(ctx, dag, t, node);
        progressed = true;
        continue;
      }
      const res = runTask(ctx, dag, t);
      if (!res.node) return;
      state.candidates.delete(t);
      progressed = true;
      if (res.done) taskDone(ctx, dag, t, res.node);
      else state.running.add(t);
    }
    if (!progressed) return;
  }
}

/** Argo's assessDAGPhase: an omitted target inherits a failure of the branch above it. */
function assess(ctx: Ctx, dag: Dag): 'Succeeded' | 'Failed' | 'Error' {
  const memo = new Map<string, string>();
  const branch = (t: string): string => {
    const cached = memo.get(t);
    if (cached !== undefined) return cached;
    memo.set(t, 'Succeeded');
    const n = taskNode(ctx, dag, t);
    let phase = n?.phase ?? 'Failed';
    if (phase === 'Omitted') {
      phase = 'Succeeded';
      for (const d of dag.plan.deps.get(t) ?? []) {
        const b = branch(d);
        if (isFailedOrError(b)) {
          phase = b;
          break;
        }
      }
    }
    memo.set(t, phase);
    return phase;
  };
  for (const t of dag.plan.targets) {
    const phase = branch(t);
    const task = dag.plan.tasks.get(t);
    if (isFailedOrError(phase) && !(task && continuesOn(task, phase)))
      return phase === 'Error' ? 'Error' : 'Failed';
  }
  return 'Succeeded';
}

function finish(ctx: Ctx, dag: Dag, phase: 'Succeeded' | 'Failed' | 'Error', message?: string): NodeStatus {
  const outbound = dag.plan.targets.flatMap((t) => {
    const n = taskNode(ctx, dag, t);
    return n ? outboundNodes(ctx, n.id) : [];
  });
  const current = getNode(ctx, dag.node.id) ?? dag.node;
  const next: NodeStatus = { ...current, outboundNodes: outbound };
  if (phase === 'Succeeded') {
    const scope = taskScope(ctx, dag, referencedNames('tasks', dag.tmpl.outputs));
    const { outputs, error } = scopeOutputs(dag.tmpl, scope);
    if (error) {
      putNode(ctx, next);
      return markPhase(ctx, dag.node.id, 'Error', error);
    }
    if (outputs) next.outputs = outputs;
    publishGlobalOutputs(ctx, outputs);
  }
  putNode(ctx, next);
  ctx.index.dags.delete(dag.node.id);
  return markPhase(ctx, dag.node.id, phase, message);
}

export function executeDag(ctx: Ctx, node: NodeStatus, opts: ExecOpts): NodeStatus {
  let tmpl: Template;
  let plan: DagPlan | string;
  try {
    tmpl = resolvedTemplate(ctx, node.id, opts);
    plan = dagPlan(tmpl);
  } catch (err) {
    return markPhase(ctx, node.id, 'Error', (err as Error).message);
  }
  if (typeof plan === 'string') return markPhase(ctx, node.id, 'Error', plan);
  const state = ctx.index.dags.get(node.id) ?? rebuildState(ctx, node, plan);
  const dag: Dag = {
    node,
    tmpl,
    plan,
    state,
    base: templateVars(ctx, opts, node.inputs),
    onExit: opts.onExit,
  };
  const failFast = tmpl.dag?.failFast ?? tmpl.failFast ?? true;

  for (const t of [...state.running]) {
    const res = runTask(ctx, dag, t);
    if (res.done && res.node) {
      state.running.delete(t);
      taskDone(ctx, dag, t, res.node);
    }
  }
  scheduleCandidates(ctx, dag, failFast);

  if (state.running.size > 0) return getNode(ctx, node.id) ?? node;
  if (failFast && state.failure) return finish(ctx, dag, state.failure.phase);
  if (state.candidates.size > 0) {
    const halt = haltMessage(ctx, opts.onExit);
    return halt ? finish(ctx, dag, 'Failed', halt) : (getNode(ctx, node.id) ?? node);
  }
  return finish(ctx, dag, assess(ctx, dag));
}
