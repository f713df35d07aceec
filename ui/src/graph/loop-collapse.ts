/**
 * Collapse of large loops. A node with more than `threshold` children (a loop's TaskGroup or
 * StepGroup, or a fan-out) shows its first `keep` children; the rest — and everything reachable only
 * through them — becomes one "collapsed" node that says how many it hides and in which phases.
 * Expanding a parent (by id in `expanded`) shows all of its children again.
 */

import type { NodeStatus } from '../api/types.ts';
import { edgesOf, type GraphEdge, type GraphNode, toGraphNode, type WorkflowGraph } from './graph-model.ts';

export interface CollapseOptions {
  /** Parents with more children than this are collapsed (Argo UI-like default: 8). */
  threshold: number;
  /** How many of a collapsed parent's children stay visible. */
  keep: number;
  /** Parent ids the user expanded. */
  expanded: ReadonlySet<string>;
}

export const DEFAULT_COLLAPSE: CollapseOptions = { threshold: 8, keep: 3, expanded: new Set() };

export function collapsedNodeId(parentId: string): string {
  return `${parentId}/collapsed`;
}

/** Builds the graph drawn for `status.nodes`, with large loops collapsed. */
export function buildWorkflowGraph(
  workflowName: string,
  nodes: Record<string, NodeStatus>,
  options: CollapseOptions = DEFAULT_COLLAPSE,
): WorkflowGraph {
  const edges = edgesOf(workflowName, nodes);
  const out = new Map<string, string[]>();
  const hasParent = new Set<string>();
  for (const e of edges) {
    let list = out.get(e.from);
    if (!list) {
      list = [];
      out.set(e.from, list);
    }
    list.push(e.to);
    hasParent.add(e.to);
  }

  // Which children of each collapsed parent are hidden.
  const hiddenChildren = new Map<string, string[]>();
  for (const [parent, children] of out) {
    if (children.length > options.threshold && !options.expanded.has(parent)) {
      hiddenChildren.set(parent, children.slice(options.keep));
    }
  }
  if (hiddenChildren.size === 0) {
    return { nodes: Object.values(nodes).map(toGraphNode), edges };
  }

  // Visible = reachable from the roots without stepping onto a hidden child.
  const visible = new Set<string>();
  const stack = Object.keys(nodes).filter((id) => !hasParent.has(id));
  for (const id of stack) visible.add(id);
  while (stack.length > 0) {
    const id = stack.pop()!;
    const children = out.get(id) ?? [];
    const hidden = hiddenChildren.get(id);
    const shown = hidden ? children.slice(0, children.length - hidden.length) : children;
    for (const child of shown) {
      if (!visible.has(child)) {
        visible.add(child);
        stack.push(child);
      }
    }
  }

  const graphNodes: GraphNode[] = [];
  for (const node of Object.values(nodes)) if (visible.has(node.id)) graphNodes.push(toGraphNode(node));
  const graphEdges: GraphEdge[] = edges.filter((e) => visible.has(e.from) && visible.has(e.to));

  // One collapsed node per collapsed parent that is itself visible; it leads to the visible nodes the
  // hidden part led to (the next step group, the tasks that depend on the loop).
  const claimed = new Set<string>();
  for (const [parent, hidden] of hiddenChildren) {
    if (!visible.has(parent)) continue;
    const id = collapsedNodeId(parent);
    const phases: Record<string, number> = {};
    const exits = new Set<string>();
    const hiddenSet = new Set(hidden);
    const walk = [...hidden];
    let count = 0;
    for (const h of hidden) claimed.add(h);
    while (walk.length > 0) {
      const h = walk.pop()!;
      if (hiddenSet.has(h)) {
        const phase = toGraphNode(nodes[h]!).phase;
        phases[phase] = (phases[phase] ?? 0) + 1;
        count++;
      }
      for (const next of out.get(h) ?? []) {
        if (visible.has(next)) exits.add(next);
        else if (!claimed.has(next)) {
          claimed.add(next);
          walk.push(next);
        }
      }
    }
    graphNodes.push({
      id,
      label: `${count} more`,
      type: 'Collapsed',
      phase: summaryPhase(phases),
      shape: 'collapsed',
      collapsed: { parentId: parent, hidden: count, phases },
    });
    graphEdges.push({ from: parent, to: id });
    for (const to of exits) graphEdges.push({ from: id, to });
  }
  return { nodes: graphNodes, edges: graphEdges };
}

/** The phase a group of nodes shows: any failure wins, then running, then pending; else succeeded. */
export function summaryPhase(phases: Record<string, number>): string {
  for (const p of ['Failed', 'Error', 'Running', 'Suspended', 'Pending']) if (phases[p]) return p;
  if (phases.Succeeded) return 'Succeeded';
  return Object.keys(phases)[0] ?? 'Pending';
}
