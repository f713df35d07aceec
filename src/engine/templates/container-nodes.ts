/**
 * A containerSet's containers as child nodes of type Container under its Pod node, as Argo shows
 * them: named `<pod node>.<container>`, hung under the pod node (no dependencies) or under the
 * containers they depend on, each with its own phase and exit code from the pod's observations.
 */
import type { PodObservation } from '../../runtime/pod-plan.js';
import type { NodePhase, NodeStatus, Template } from '../../spec/types.js';
import { addChild, type Ctx, createNode, getNodeByName, isFulfilled, putNode } from '../context.js';

/** Creates the Container nodes of a containerSet pod node (Pending), once. */
export function createContainerNodes(ctx: Ctx, pod: NodeStatus, tmpl: Template): void {
  const containers = tmpl.containerSet?.containers ?? [];
  for (const c of containers) {
    const name = `${pod.name}.${c.name}`;
    if (getNodeByName(ctx, name)) continue;
    const init: Parameters<typeof createNode>[1] = {
      name,
      displayName: c.name ?? '',
      type: 'Container',
      phase: 'Pending',
    };
    if (pod.templateName) init.templateName = pod.templateName;
    if (pod.templateScope) init.templateScope = pod.templateScope;
    if (pod.boundaryID) init.boundaryID = pod.boundaryID;
    const node = createNode(ctx, init);
    const deps = (c as { dependencies?: string[] }).dependencies ?? [];
    if (deps.length === 0) addChild(ctx, pod.id, node.id);
    for (const d of deps) {
      const parent = getNodeByName(ctx, `${pod.name}.${d}`);
      if (parent) addChild(ctx, parent.id, node.id);
    }
  }
}

/** The pod's Container nodes, by container name. */
function containerNodes(ctx: Ctx, pod: NodeStatus, names: Iterable<string>): Map<string, NodeStatus> {
  const out = new Map<string, NodeStatus>();
  for (const name of names) {
    const node = getNodeByName(ctx, `${pod.name}.${name}`);
    if (node?.type === 'Container') out.set(name, node);
  }
  return out;
}

/**
 * Brings the pod's Container nodes up to date with an observation. When the pod is done, a
 * container that never ended takes the pod's phase and message (it was stopped, or never started
 * because a dependency failed).
 */
export function applyContainerObservation(ctx: Ctx, pod: NodeStatus, obs: PodObservation): void {
  const tmpl = ctx.templates.get(pod.templateName ?? '');
  const names = (tmpl?.containerSet?.containers ?? []).map((c) => c.name ?? '');
  if (names.length === 0) return;
  const nodes = containerNodes(ctx, pod, names);
  const podDone = obs.phase !== 'Pending' && obs.phase !== 'Running';
  for (const [name, node] of nodes) {
    if (isFulfilled(node)) continue;
    const seen = obs.containers.find((c) => c.name === name);
    let phase = (node.phase ?? 'Pending') as NodePhase;
    let message: string | undefined;
    let exitCode: number | undefined;
    if (seen?.state === 'terminated' && seen.exitCode !== undefined) {
      exitCode = seen.exitCode;
      phase = seen.exitCode === 0 ? 'Succeeded' : 'Failed';
      if (seen.exitCode !== 0)
        message = `${seen.reason && seen.reason !== 'Error' ? seen.reason : 'Error'} (exit code ${seen.exitCode})`;
    } else if (podDone) {
      phase = obs.phase === 'Succeeded' ? 'Succeeded' : obs.phase;
      message = obs.message;
    } else if (seen?.state === 'running' || obs.phase === 'Running') {
      phase = seen?.state === 'running' ? 'Running' : phase;
    }
    if (phase === node.phase && exitCode === undefined) continue;
    const next: NodeStatus = { ...node, phase };
    if (message) next.message = message;
    if (exitCode !== undefined) next.outputs = { ...(next.outputs ?? {}), exitCode: String(exitCode) };
    if (isFulfilled(next)) next.finishedAt = obs.finishedAt ?? ctx.now;
    putNode(ctx, next);
  }
}

/** A lost pod: its Container nodes that did not end take the pod node's final phase. */
export function settleContainerNodes(ctx: Ctx, pod: NodeStatus, phase: NodePhase, message: string): void {
  const tmpl = ctx.templates.get(pod.templateName ?? '');
  const names = (tmpl?.containerSet?.containers ?? []).map((c) => c.name ?? '');
  for (const node of containerNodes(ctx, pod, names).values()) {
    if (!isFulfilled(node)) putNode(ctx, { ...node, phase, message, finishedAt: ctx.now });
  }
}
