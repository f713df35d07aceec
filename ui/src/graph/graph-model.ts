/**
 * The workflow graph as Argo UI draws it, built from `status.nodes`: one graph node per status node,
 * an edge from each node to each of its `children`, and the exit handler (`<wf>.onExit`) hung after
 * the root's outbound nodes. Large loops are collapsed (see loop-collapse.ts). Pure: no DOM, no React.
 */

import type { NodeStatus } from '../api/types.ts';
import { displayPhase } from './phase.ts';

/** How a node is drawn; mirrors Argo UI's node genres. */
export type NodeShape = 'pod' | 'group' | 'boundary' | 'retry' | 'skipped' | 'suspend' | 'collapsed';

export interface GraphNode {
  id: string;
  label: string;
  type: string;
  /** The phase shown (a waiting Suspend node shows as `Suspended`). */
  phase: string;
  shape: NodeShape;
  /** For a collapsed node: the parent whose children it stands for, and how many it hides. */
  collapsed?: { parentId: string; hidden: number; phases: Record<string, number> };
}

export interface GraphEdge {
  from: string;
  to: string;
}

export interface WorkflowGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export function shapeOf(type: string): NodeShape {
  switch (type) {
    case 'StepGroup':
    case 'TaskGroup':
      return 'group';
    case 'Steps':
    case 'DAG':
      return 'boundary';
    case 'Retry':
      return 'retry';
    case 'Skipped':
      return 'skipped';
    case 'Suspend':
      return 'suspend';
    default:
      return 'pod';
  }
}

export function toGraphNode(node: NodeStatus): GraphNode {
  return {
    id: node.id,
    label: node.displayName || node.name,
    type: node.type,
    phase: displayPhase(node.type, node.phase),
    shape: shapeOf(node.type),
  };
}

/** Edges parent → child for every child that exists, plus root outbound nodes → the exit handler. */
export function edgesOf(workflowName: string, nodes: Record<string, NodeStatus>): GraphEdge[] {
  const edges: GraphEdge[] = [];
  for (const node of Object.values(nodes)) {
    for (const child of node.children ?? []) {
      if (nodes[child]) edges.push({ from: node.id, to: child });
    }
  }
  const exit = Object.values(nodes).find((n) => n.name === `${workflowName}.onExit`);
  const root = nodes[workflowName] ?? Object.values(nodes).find((n) => n.name === workflowName);
  if (exit && root && exit.id !== root.id) {
    const hasParent = edges.some((e) => e.to === exit.id);
    if (!hasParent) {
      const outbound = (root.outboundNodes ?? []).filter((id) => nodes[id]);
      for (const from of outbound.length > 0 ? outbound : [root.id]) edges.push({ from, to: exit.id });
    }
  }
  return edges;
}
