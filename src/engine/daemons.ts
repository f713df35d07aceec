/**
 * Daemon steps and tasks (`daemon: true`): once the daemon's pod runs, its node counts as done
 * (Succeeded, `daemoned: true`, `podIP` for `{{steps.X.ip}}` / `{{tasks.X.ip}}`), so the steps
 * after it start while it keeps running; when the scope that started it (its Steps or DAG node)
 * completes, its pod is stopped. Pure.
 */
import type { PodObservation } from '../runtime/pod-plan.js';
import type { NodeStatus } from '../spec/types.js';
import { type Ctx, isFulfilled, putNode } from './context.js';
import { podNameOf } from './node-id.js';

/** True (and the node updated) when a Running observation makes a daemon's node done. */
export function markDaemonRunning(ctx: Ctx, node: NodeStatus, obs: PodObservation): boolean {
  if (obs.phase !== 'Running' || ctx.templates.get(node.templateName ?? '')?.daemon !== true) return false;
  const next: NodeStatus = { ...node, phase: 'Succeeded', daemoned: true, finishedAt: ctx.now };
  if (obs.podIP) next.podIP = obs.podIP;
  putNode(ctx, next);
  return true;
}

const SCOPES = new Set(['Steps', 'DAG']);

/** Stops the pods of daemons whose scope completed in this reconcile (O(size of those scopes)). */
export function stopEndedDaemons(ctx: Ctx): void {
  for (const id of ctx.changed) {
    const scope = ctx.nodes[id];
    if (!scope || !SCOPES.has(scope.type ?? '') || !isFulfilled(scope)) continue;
    const seen = new Set<string>();
    const queue = [...(scope.children ?? [])];
    for (let childId = queue.shift(); childId !== undefined; childId = queue.shift()) {
      if (seen.has(childId)) continue;
      seen.add(childId);
      const child = ctx.nodes[childId];
      if (!child || child.boundaryID !== scope.id) continue;
      if (child.daemoned && child.type === 'Pod') {
        const podName = podNameOf(ctx.name, child.name, child.templateName ?? '');
        ctx.actions.push({ type: 'stopPod', podName, reason: 'terminate' });
      }
      queue.push(...(child.children ?? []));
    }
  }
}
