/**
 * After a controller restart: pods the stored status says are Pending or Running but that no
 * runtime in this process knows. The engine restarts the Pending ones (they never started) and
 * turns the Running ones into Error "pod deleted" (their retryStrategy decides what follows).
 */
import { podNameOf } from '../engine/index.js';
import type { NodeStatus, Workflow } from '../spec/types.js';

export function findLostPods(wf: Workflow, running: string[]): { podName: string; nodeId: string }[] {
  const alive = new Set(running);
  const lost: { podName: string; nodeId: string }[] = [];
  for (const node of Object.values((wf.status?.nodes ?? {}) as Record<string, NodeStatus>)) {
    if (node.type !== 'Pod') continue;
    if (node.phase !== 'Pending' && node.phase !== 'Running') continue;
    const pod = podNameOf(wf.metadata.name ?? '', node.name, node.templateName ?? '');
    if (!alive.has(pod)) lost.push({ podName: pod, nodeId: node.id });
  }
  return lost;
}
