/** Small `status.nodes` builders for the graph tests and the benchmark. */

import type { NodeStatus } from '../api/types.ts';

export function node(id: string, type: string, extra: Partial<NodeStatus> = {}): NodeStatus {
  return { id, name: id, type, phase: 'Succeeded', ...extra };
}

export function nodeMap(...nodes: NodeStatus[]): Record<string, NodeStatus> {
  return Object.fromEntries(nodes.map((n) => [n.id, n]));
}

/** A DAG `wf` whose task `fan` loops over `count` items, each leading to the task `join`. */
export function fanOutWorkflow(count: number, phaseOf: (i: number) => string = () => 'Succeeded') {
  const items = Array.from({ length: count }, (_, i) =>
    node(`wf-item-${i}`, 'Pod', {
      name: `wf.fan(${i}:${i})`,
      displayName: `fan(${i}:${i})`,
      phase: phaseOf(i),
      children: ['wf-join'],
    }),
  );
  return nodeMap(
    node('wf', 'DAG', { children: ['wf-fan'], outboundNodes: ['wf-join'] }),
    node('wf-fan', 'TaskGroup', { name: 'wf.fan', children: items.map((n) => n.id) }),
    ...items,
    node('wf-join', 'Pod', { name: 'wf.join' }),
  );
}

/** A steps workflow of `groups` step groups with `width` parallel pods each (groups × (width + 1) + 1 nodes). */
export function layeredStepsWorkflow(groups: number, width: number): Record<string, NodeStatus> {
  const all: NodeStatus[] = [node('wf', 'Steps', { children: ['wf-g0'] })];
  for (let g = 0; g < groups; g++) {
    const pods = Array.from({ length: width }, (_, k) =>
      node(`wf-p${g}-${k}`, 'Pod', {
        name: `wf[${g}].p${k}`,
        displayName: `p${k}`,
        children: g + 1 < groups ? [`wf-g${g + 1}`] : [],
      }),
    );
    all.push(node(`wf-g${g}`, 'StepGroup', { name: `wf[${g}]`, children: pods.map((p) => p.id) }), ...pods);
  }
  return nodeMap(...all);
}
