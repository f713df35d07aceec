/**
 * What stands between a node and its work: memoization first, then template-level synchronization.
 * Leaf nodes (container, script, resource) wait at startGated; steps and DAG nodes at
 * admitMemoizedComposite and admitComposite, before any child starts. Gate observations (lock and memo answers) are
 * set aside per reconcile in `ctx.gates` and read where the node is advanced; answers for nodes not
 * visited are simply asked again (the actions are idempotent).
 */
import type { Vars } from '../expr/tags/index.js';
import type { NodeStatus, Template } from '../spec/types.js';
import { type Ctx, isFulfilled, markPhase, putNode } from './context.js';
import type { ExecOpts } from './execute-template.js';
import type { LockObservation, MemoObservation } from './gate-types.js';
import { memoGate, saveMemoized } from './memoization.js';
import { substituteValue } from './substitution.js';
import { nodeLockGate, releaseFinishedLocks, type SyncSpec } from './synchronization.js';
import { startPod } from './templates/pod-template.js';
import { applyResourceObservation, startResource } from './templates/resource-template.js';
import type { Observation } from './types.js';

export interface GateInbox {
  /** By node ID; '' for the workflow. */
  locks: Map<string, LockObservation>;
  memo: Map<string, MemoObservation>;
}

/** Takes lock, memo and resource observations out of the list (applying resource ones); returns the rest. */
export function takeGateObservations(ctx: Ctx, observations: Observation[]): Observation[] {
  const gates: GateInbox = { locks: new Map(), memo: new Map() };
  ctx.gates = gates;
  const rest: Observation[] = [];
  for (const obs of observations) {
    if (!('kind' in obs) || obs.kind === 'http' || obs.kind === 'data') {
      rest.push(obs);
      continue;
    }
    if (obs.kind === 'lock') gates.locks.set(obs.nodeId, obs);
    else if (obs.kind === 'memo') gates.memo.set(obs.nodeId, obs);
    else {
      const node = ctx.nodes[obs.nodeId];
      if (node && !isFulfilled(node)) applyResourceObservation(ctx, node, obs);
    }
  }
  return rest;
}

/** Whether this unfulfilled leaf node is still held at a gate (its work not started). */
export function isGated(node: NodeStatus, tmpl: Template): boolean {
  if (node.synchronizationStatus?.waiting) return true;
  return tmpl.memoize !== undefined && node.memoizationStatus === undefined;
}

/** Passes the node through its gates and starts its work once they are open. */
export function startGated(ctx: Ctx, node: NodeStatus, opts: ExecOpts, vars: Vars): NodeStatus {
  let current = node;
  const tmpl = opts.template;
  if (tmpl.memoize) {
    const memo = memoGate(ctx, current, substituteValue(tmpl.memoize, vars, true));
    if (memo.state === 'done') return memo.node;
    if (memo.state === 'error') return markPhase(ctx, current.id, 'Error', memo.message);
    if (memo.state === 'wait') return current;
    current = ctx.nodes[current.id] ?? current;
  }
  if (tmpl.synchronization) {
    const lock = nodeLockGate(ctx, current, tmpl.synchronization as SyncSpec, vars);
    if (lock.state === 'error') return markPhase(ctx, current.id, 'Error', lock.message);
    if (lock.state === 'wait') return ctx.nodes[current.id] ?? current;
    current = ctx.nodes[current.id] ?? current;
  }
  if (tmpl.resource) return startResource(ctx, current, opts, vars);
  return startPod(ctx, current, opts, vars);
}

/**
 * Memoization on a steps or DAG template, as Argo allows on any template: before any child starts,
 * the cache is asked (the node waits Pending). A hit completes the node with the cached outputs
 * and no children; a miss records memoizationStatus and lets the children run, and the node's
 * outputs are saved once it Succeeds (saveMemoized). Returns the node when it is held or done,
 * undefined when its children may run.
 */
export function admitMemoizedComposite(
  ctx: Ctx,
  node: NodeStatus,
  memoize: NonNullable<Template['memoize']>,
  vars: Vars,
): NodeStatus | undefined {
  const memo = memoGate(ctx, node, substituteValue(memoize, vars, true));
  if (memo.state === 'done') return memo.node;
  if (memo.state === 'error') return markPhase(ctx, node.id, 'Error', memo.message);
  const current = ctx.nodes[node.id] ?? node;
  if (memo.state === 'wait') {
    if (current.phase !== 'Pending') putNode(ctx, { ...current, phase: 'Pending' });
    return ctx.nodes[node.id] ?? current;
  }
  if (current.phase === 'Pending') putNode(ctx, { ...current, phase: 'Running' });
  return undefined;
}

/**
 * Template-level synchronization on a steps or DAG template: the node waits (Pending, with
 * synchronizationStatus) before any child starts; its locks are released when it is fulfilled.
 */
export function admitComposite(ctx: Ctx, node: NodeStatus, sync: SyncSpec, vars: Vars): boolean {
  const gate = nodeLockGate(ctx, node, sync, vars);
  if (gate.state === 'error') {
    markPhase(ctx, node.id, 'Error', gate.message);
    return false;
  }
  const current = ctx.nodes[node.id] ?? node;
  if (gate.state === 'wait') {
    if (current.phase !== 'Pending') putNode(ctx, { ...current, phase: 'Pending' });
    return false;
  }
  if (current.phase === 'Pending') putNode(ctx, { ...current, phase: 'Running' });
  return true;
}

/** End of a reconcile: release locks of fulfilled holders, save memoized outputs. */
export function finishGates(ctx: Ctx): void {
  saveMemoized(ctx);
  releaseFinishedLocks(ctx);
}
