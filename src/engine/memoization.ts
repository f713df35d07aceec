/**
 * Memoization as engine decisions. A node whose template has `memoize` (a pod, a resource, steps
 * or a DAG: gates.ts) first asks for the cache
 * entry (`memoLookup`); the controller answers with what the cache ConfigMap holds. A fresh entry
 * (younger than maxAge) is a hit: the node Succeeds with the cached outputs without running. A miss
 * runs the pod, and a Succeeded node's outputs are saved (`memoSave`). The node's memoizationStatus
 * says which, like Argo's.
 */
import type { NodeStatus, Template } from '../spec/types.js';
import { type Ctx, putNode } from './context.js';
import { parseDurationSeconds } from './durations.js';
import { publishGlobalOutputs } from './parameters.js';
import type { GateOutcome } from './synchronization.js';

/** Kubernetes' rule for ConfigMap keys, which memoization keys become. */
const CONFIGMAP_KEY = /^[-._a-zA-Z0-9]+$/;

type Memoize = NonNullable<Template['memoize']>;

/** Whether the entry may be used now: no maxAge, or created less than maxAge ago. */
export function isFresh(created: string | undefined, maxAge: string | undefined, nowMs: number): boolean {
  const seconds = parseDurationSeconds(maxAge);
  if (seconds === undefined || seconds <= 0) return true;
  const at = Date.parse(created ?? '');
  if (Number.isNaN(at)) return false;
  return nowMs - at <= seconds * 1000;
}

/**
 * 'go' to run the pod (a miss, recorded), 'wait' for the lookup, or the node completed from the cache
 * ('done') or errored (a bad key or cache).
 */
export function memoGate(
  ctx: Ctx,
  node: NodeStatus,
  memoize: Memoize,
): GateOutcome | { state: 'done'; node: NodeStatus } {
  if (node.memoizationStatus) return { state: 'go' };
  const key = memoize.key;
  const cacheName = memoize.cache?.configMap?.name ?? '';
  if (!CONFIGMAP_KEY.test(key)) {
    return {
      state: 'error',
      message: `memoize.key: "${key}" is not a valid ConfigMap key (letters, digits, '-', '_', '.')`,
    };
  }
  if (cacheName === '') return { state: 'error', message: 'memoize.cache.configMap.name is required' };
  const obs = ctx.gates?.memo.get(node.id);
  if (!obs) {
    ctx.actions.push({
      type: 'memoLookup',
      nodeId: node.id,
      namespace: ctx.wf.metadata?.namespace ?? 'default',
      cacheName,
      key,
    });
    return { state: 'wait' };
  }
  if (obs.error) return { state: 'error', message: obs.error };
  const entry = obs.entry;
  if (entry && isFresh(entry.creationTimestamp, memoize.maxAge, ctx.nowMs)) {
    const done: NodeStatus = {
      ...node,
      phase: 'Succeeded',
      finishedAt: ctx.now,
      memoizationStatus: { hit: true, key, cacheName },
    };
    if (entry.outputs) done.outputs = entry.outputs;
    putNode(ctx, done);
    publishGlobalOutputs(ctx, done.outputs);
    return { state: 'done', node: done };
  }
  putNode(ctx, { ...node, memoizationStatus: { hit: false, key, cacheName } });
  return { state: 'go' };
}

/** Node types whose outputs are the template's (a Retry node's are its last attempt's, saved there). */
const SAVED_TYPES = new Set<string | undefined>(['Pod', 'Steps', 'DAG']);

/** Saves the outputs of memoized nodes that succeeded in this reconcile. O(changed nodes). */
export function saveMemoized(ctx: Ctx): void {
  for (const id of ctx.changed) {
    const node = ctx.nodes[id];
    const memo = node?.memoizationStatus;
    if (!node || !memo || memo.hit || node.phase !== 'Succeeded' || !SAVED_TYPES.has(node.type)) continue;
    ctx.actions.push({
      type: 'memoSave',
      nodeId: id,
      namespace: ctx.wf.metadata?.namespace ?? 'default',
      cacheName: memo.cacheName,
      key: memo.key,
      outputs: node.outputs ?? {},
    });
  }
}
