/**
 * Applying what runtimes observed to Pod and HTTP nodes (and data-template listings), and handling pods the runtime lost.
 * Observations for unknown or already fulfilled nodes are ignored (they are stale).
 */
import type { PodObservation } from '../runtime/pod-plan.js';
import type { NodePhase, NodeStatus, Outputs } from '../spec/types.js';
import { type Ctx, deleteNode, isFulfilled, putNode } from './context.js';
import { markDaemonRunning } from './daemons.js';
import { podNameOf } from './node-id.js';
import { publishGlobalOutputs, withDeclaredOutputs } from './parameters.js';
import { applyContainerObservation, settleContainerNodes } from './templates/container-nodes.js';
import { applyDataObservation } from './templates/data-template.js';
import { applyHttpObservation } from './templates/http-template.js';
import type { Observation } from './types.js';

function podOutputs(obs: PodObservation): Outputs | undefined {
  const main = obs.containers.find((c) => c.name === 'main') ?? obs.containers[0];
  const outputs: Outputs = {};
  const reported = obs.outputs;
  if (reported?.parameters.length)
    outputs.parameters = reported.parameters.map((p) => ({ name: p.name, value: p.value }));
  if (reported?.artifacts.length) {
    outputs.artifacts = reported.artifacts.map((a) => ({
      name: a.name,
      path: a.path,
      ...(a.location ?? {}),
      ...(a.archive ? { archive: a.archive } : {}),
    }));
  }
  if (reported?.result !== undefined) outputs.result = reported.result;
  const exitCode = reported?.exitCode ?? (main?.exitCode !== undefined ? String(main.exitCode) : undefined);
  if (exitCode !== undefined) outputs.exitCode = exitCode;
  return Object.keys(outputs).length > 0 ? outputs : undefined;
}

function applyPodObservation(ctx: Ctx, node: NodeStatus, obs: PodObservation): void {
  const phase: NodePhase = obs.phase;
  applyContainerObservation(ctx, node, obs);
  if (phase === 'Pending' || phase === 'Running') {
    if (markDaemonRunning(ctx, node, obs)) return;
    if (node.phase !== phase) putNode(ctx, { ...node, phase });
    return;
  }
  const next: NodeStatus = { ...node, phase, finishedAt: obs.finishedAt ?? ctx.now };
  const outputs = podOutputs(obs);
  if (outputs) next.outputs = withDeclaredOutputs(ctx.templates.get(node.templateName ?? ''), outputs);
  const main = obs.containers.find((c) => c.name === 'main');
  const message =
    obs.message ??
    (phase !== 'Succeeded' && main?.exitCode !== undefined
      ? `Error (exit code ${main.exitCode})`
      : undefined);
  if (message) next.message = message;
  putNode(ctx, next);
  if (phase === 'Succeeded') publishGlobalOutputs(ctx, next.outputs);
}

export function applyObservations(ctx: Ctx, observations: Observation[]): void {
  for (const obs of observations) {
    const node = ctx.nodes[obs.nodeId];
    if (!node || isFulfilled(node)) continue;
    if ('kind' in obs) {
      if (obs.kind === 'http' && node.type === 'HTTP')
        applyHttpObservation(ctx, node, ctx.templates.get(node.templateName ?? ''), obs);
      else if (obs.kind === 'data' && node.type === 'Pod') applyDataObservation(ctx, node, obs);
    } else if (node.type === 'Pod') applyPodObservation(ctx, node, obs);
  }
}

/**
 * Pods the runtime does not know: Pending ones start again; Running ones fail with Error "pod deleted",
 * or start again too under the `restart` policy.
 */
export function handleLostPods(ctx: Ctx, lostPods: string[], policy: 'error' | 'restart' = 'error'): void {
  if (lostPods.length === 0) return;
  const lost = new Set(lostPods);
  for (const id of [...ctx.index.activePods]) {
    const node = ctx.nodes[id];
    if (!node || !lost.has(podNameOf(ctx.name, node.name, node.templateName ?? ''))) continue;
    if (node.phase === 'Pending' || policy === 'restart') {
      deleteNode(ctx, id);
      ctx.index.resolved.delete(id);
    } else {
      putNode(ctx, { ...node, phase: 'Error', message: 'pod deleted', finishedAt: ctx.now });
      settleContainerNodes(ctx, node, 'Error', 'pod deleted');
    }
  }
}

/**
 * A take-over: HTTP nodes still Running had their request in the process that is gone, so no
 * answer will ever come. They are made again (the node is recreated, as a Pending pod is): an HTTP
 * template runs at least once, as Argo's agent pod does when it is replaced.
 */
export function restartLostRequests(ctx: Ctx): void {
  for (const node of Object.values(ctx.nodes)) {
    if (node.type !== 'HTTP' || node.phase !== 'Running') continue;
    deleteNode(ctx, node.id);
    ctx.index.resolved.delete(node.id);
  }
}
