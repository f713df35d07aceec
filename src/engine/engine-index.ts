/**
 * Derived bookkeeping that keeps a reconcile call near O(changed nodes): counters and sets that would
 * otherwise need a scan of every node. It is a cache of facts computable from `status.nodes`, kept
 * per nodes-map object: when the caller hands back the status the engine returned, it is reused;
 * for any other object it is rebuilt once in O(nodes) (no expression is evaluated for that).
 */
import type { NodeStatus } from '../spec/types.js';
import type { OrderedCandidates } from './ordered-candidates.js';

/** Per DAG node: which tasks still need attention. */
export interface DagState {
  /** Task names whose node exists and is not fulfilled. */
  running: Set<string>;
  /** Task names without a node that may be decidable now (their dependencies changed), in task order. */
  candidates: OrderedCandidates;
  /** First failed task (failFast): no new task starts once set. */
  failure?: { phase: 'Failed' | 'Error'; nodeId: string };
}

export interface EngineIndex {
  /** Non-fulfilled nodes that count against a template's parallelism, per boundaryID. */
  activeByBoundary: Map<string, Set<string>>;
  /** Non-fulfilled Pod nodes (workflow parallelism). */
  activePods: Set<string>;
  leafTotal: number;
  leafSucceeded: number;
  dags: Map<string, DagState>;
  /** Substituted templates of Steps/DAG nodes, by node ID. */
  resolved: Map<string, unknown>;
}

const cache = new WeakMap<object, EngineIndex>();

const COUNTED = new Set(['Pod', 'Steps', 'DAG', 'Suspend', 'HTTP', 'Container']);
const LEAF = new Set(['Pod', 'HTTP', 'Container']);
const FULFILLED = new Set(['Succeeded', 'Failed', 'Error', 'Skipped', 'Omitted']);

function emptyIndex(): EngineIndex {
  return {
    activeByBoundary: new Map(),
    activePods: new Set(),
    leafTotal: 0,
    leafSucceeded: 0,
    dags: new Map(),
    resolved: new Map(),
  };
}

/** The index for this nodes map, rebuilt when the map is not one the engine has seen. */
export function indexFor(nodes: Record<string, NodeStatus>): EngineIndex {
  const cached = cache.get(nodes);
  if (cached) return cached;
  const index = emptyIndex();
  for (const node of Object.values(nodes)) indexNodeChange(index, undefined, node);
  cache.set(nodes, index);
  return index;
}

/** Forgets the index of a nodes map (after a helper rewrote it outside reconcile). */
export function forgetIndex(nodes: Record<string, NodeStatus>): void {
  cache.delete(nodes);
}

function isActive(node: NodeStatus | undefined, types: Set<string>): boolean {
  return node !== undefined && types.has(node.type) && !FULFILLED.has(node.phase ?? '');
}

export function indexNodeChange(
  index: EngineIndex,
  before: NodeStatus | undefined,
  after: NodeStatus | undefined,
): void {
  const wasActive = isActive(before, COUNTED);
  const isNowActive = isActive(after, COUNTED);
  if (wasActive && before) index.activeByBoundary.get(before.boundaryID ?? '')?.delete(before.id);
  if (isNowActive && after) {
    const key = after.boundaryID ?? '';
    let set = index.activeByBoundary.get(key);
    if (!set) {
      set = new Set();
      index.activeByBoundary.set(key, set);
    }
    set.add(after.id);
  }
  if (before?.type === 'Pod') index.activePods.delete(before.id);
  if (after?.type === 'Pod' && !FULFILLED.has(after.phase ?? '')) index.activePods.add(after.id);
  if (before && LEAF.has(before.type)) {
    index.leafTotal--;
    if (before.phase === 'Succeeded') index.leafSucceeded--;
  }
  if (after && LEAF.has(after.type)) {
    index.leafTotal++;
    if (after.phase === 'Succeeded') index.leafSucceeded++;
  }
}

export function activeUnder(index: EngineIndex, boundaryId: string): number {
  return index.activeByBoundary.get(boundaryId)?.size ?? 0;
}
