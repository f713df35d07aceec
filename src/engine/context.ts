/**
 * The state of one reconcile call and the only functions that write nodes. Every write goes through
 * `putNode`, which records the change (for `changedNodeIds`) and keeps the engine index up to date.
 */
import type { Vars } from '../expr/tags/index.js';
import type {
  NodePhase,
  NodeStatus,
  NodeType,
  Template,
  Workflow,
  WorkflowSpec,
  WorkflowStatus,
} from '../spec/types.js';
import { type EngineIndex, indexNodeChange } from './engine-index.js';
import type { GateInbox } from './gates.js';
import { nodeIdOf } from './node-id.js';
import type { Action } from './types.js';

export type ShutdownStrategy = '' | 'Stop' | 'Terminate';

export interface Ctx {
  wf: Workflow;
  name: string;
  spec: WorkflowSpec;
  status: WorkflowStatus;
  nodes: Record<string, NodeStatus>;
  now: string;
  nowMs: number;
  actions: Action[];
  changed: Set<string>;
  index: EngineIndex;
  templates: Map<string, Template>;
  /** `workflow.*` variables, shared by every template. */
  globals: Vars;
  shutdown: ShutdownStrategy;
  /** spec.activeDeadlineSeconds has passed: nothing new starts. */
  deadlineExceeded: boolean;
  /** spec.suspend: nothing new starts. */
  suspended: boolean;
  /** Smallest requeue asked for during this call, in seconds. */
  requeueSeconds?: number;
  /** Lock and memo answers of this call (synchronization, memoization). */
  gates?: GateInbox;
}

const FULFILLED: ReadonlySet<string> = new Set(['Succeeded', 'Failed', 'Error', 'Skipped', 'Omitted']);

export function isFulfilled(node: NodeStatus | undefined): boolean {
  return node !== undefined && FULFILLED.has(node.phase ?? '');
}

export function isFailedOrError(phase: string | undefined): boolean {
  return phase === 'Failed' || phase === 'Error';
}

export function isSuccessful(node: NodeStatus): boolean {
  return node.phase === 'Succeeded' || node.phase === 'Skipped';
}

export function nodeId(ctx: Ctx, nodeName: string): string {
  return nodeIdOf(ctx.name, nodeName);
}

export function getNode(ctx: Ctx, id: string): NodeStatus | undefined {
  return ctx.nodes[id];
}

export function getNodeByName(ctx: Ctx, nodeName: string): NodeStatus | undefined {
  return ctx.nodes[nodeIdOf(ctx.name, nodeName)];
}

export function putNode(ctx: Ctx, node: NodeStatus): NodeStatus {
  const before = ctx.nodes[node.id];
  ctx.nodes[node.id] = node;
  ctx.changed.add(node.id);
  indexNodeChange(ctx.index, before, node);
  return node;
}

export function deleteNode(ctx: Ctx, id: string): void {
  const before = ctx.nodes[id];
  if (before === undefined) return;
  delete ctx.nodes[id];
  ctx.changed.add(id);
  indexNodeChange(ctx.index, before, undefined);
}

export function updateNode(ctx: Ctx, id: string, patch: Partial<NodeStatus>): NodeStatus {
  const before = ctx.nodes[id];
  if (before === undefined) throw new Error(`engine: no node ${id}`);
  return putNode(ctx, { ...before, ...patch });
}

export interface NewNode {
  name: string;
  displayName: string;
  type: NodeType;
  phase: NodePhase;
  templateName?: string;
  /** `namespaced/<wftmpl>` or `cluster/<cwftmpl>` when the template came from a WorkflowTemplate. */
  templateScope?: string;
  boundaryID?: string;
  inputs?: NodeStatus['inputs'];
  message?: string;
}

export function createNode(ctx: Ctx, init: NewNode): NodeStatus {
  const node: NodeStatus = {
    id: nodeIdOf(ctx.name, init.name),
    name: init.name,
    displayName: init.displayName,
    type: init.type,
    phase: init.phase,
    startedAt: ctx.now,
  };
  if (init.templateName) node.templateName = init.templateName;
  if (init.templateScope) node.templateScope = init.templateScope;
  if (init.boundaryID) node.boundaryID = init.boundaryID;
  if (init.inputs && (init.inputs.parameters?.length || init.inputs.artifacts?.length))
    node.inputs = init.inputs;
  if (init.message) node.message = init.message;
  if (FULFILLED.has(init.phase)) node.finishedAt = ctx.now;
  return putNode(ctx, node);
}

export function markPhase(ctx: Ctx, id: string, phase: NodePhase, message?: string): NodeStatus {
  const node = ctx.nodes[id];
  if (node === undefined) throw new Error(`engine: no node ${id}`);
  if (node.phase === phase && (message === undefined || node.message === message)) return node;
  const next: NodeStatus = { ...node, phase };
  if (message !== undefined) next.message = message;
  if (FULFILLED.has(phase) && !next.finishedAt) next.finishedAt = ctx.now;
  return putNode(ctx, next);
}

/** The ids in a children list, as a set, kept beside the list (`addChild` is the one place that appends). */
const childSets = new WeakMap<readonly string[], Set<string>>();

function childSet(children: readonly string[]): Set<string> {
  let set = childSets.get(children);
  if (!set) {
    set = new Set(children);
    childSets.set(children, set);
  }
  return set;
}

export function addChild(ctx: Ctx, parentId: string, childId: string): void {
  const parent = ctx.nodes[parentId];
  if (parent === undefined) return;
  const children = parent.children;
  if (children === undefined) {
    putNode(ctx, { ...parent, children: [childId] });
    return;
  }
  const set = childSet(children);
  if (set.has(childId)) return;
  // Appended in place (the new node object shares the list): a copy and a scan per child made a
  // node with N children cost O(N²), the root task of a 10,000-task DAG most of all.
  children.push(childId);
  set.add(childId);
  putNode(ctx, { ...parent });
}

export function requeueAfter(ctx: Ctx, seconds: number): void {
  const s = Math.max(1, Math.ceil(seconds));
  if (ctx.requeueSeconds === undefined || s < ctx.requeueSeconds) ctx.requeueSeconds = s;
}

/** Whether new work (pods, suspend, http) may start now. */
export function mayStartWork(ctx: Ctx, onExit: boolean): boolean {
  if (ctx.shutdown === 'Terminate') return false;
  if (onExit) return true;
  return ctx.shutdown === '' && !ctx.deadlineExceeded && !ctx.suspended;
}

/** Why nothing new may start (shutdown or deadline), or undefined. Exit handlers still run after Stop and deadline. */
export function haltMessage(ctx: Ctx, onExit: boolean): string | undefined {
  if (ctx.shutdown === 'Terminate' || (ctx.shutdown === 'Stop' && !onExit)) {
    return `workflow shutdown with strategy:  ${ctx.shutdown}`;
  }
  if (ctx.deadlineExceeded && !onExit) return 'Step exceeded its deadline';
  return undefined;
}
