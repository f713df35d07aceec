/**
 * Lays the workflow graph out with dagre (top to bottom, like Argo UI) and returns positions in
 * graph coordinates: node centres and edge polylines. Pure apart from dagre; no DOM.
 */

import dagre from '@dagrejs/dagre';
import type { GraphNode, NodeShape, WorkflowGraph } from './graph-model.ts';

export interface PlacedNode extends GraphNode {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedEdge {
  from: string;
  to: string;
  points: { x: number; y: number }[];
}

export interface GraphLayout {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  width: number;
  height: number;
}

/** The box each shape occupies; labels sit below pods and beside nothing, so the box includes them. */
export function sizeOf(shape: NodeShape): { width: number; height: number } {
  switch (shape) {
    case 'group':
      return { width: 16, height: 16 };
    case 'boundary':
    case 'retry':
    case 'collapsed':
      return { width: 150, height: 32 };
    default:
      return { width: 150, height: 52 };
  }
}

/**
 * Above this many nodes the layout trades some edge crossings for speed: longest-path ranks, and the
 * order within each rank taken from one depth-first walk (dagre's own first guess) instead of its
 * crossing-minimisation sweeps, whose set-up alone grows with ranks × nodes.
 */
export const FAST_LAYOUT_NODES = 500;

/** How far above and below its centre a shape is drawn (pods' circles sit above their label). */
export function anchorsOf(shape: NodeShape): { top: number; bottom: number } {
  switch (shape) {
    case 'group':
      return { top: -6, bottom: 6 };
    case 'boundary':
    case 'retry':
    case 'collapsed':
      return { top: -14, bottom: 14 };
    default:
      return { top: -24, bottom: 24 };
  }
}

export function layoutGraph(graph: WorkflowGraph): GraphLayout {
  const fast = graph.nodes.length > FAST_LAYOUT_NODES;
  const g = new dagre.graphlib.Graph({ multigraph: false });
  g.setGraph({
    rankdir: 'TB',
    nodesep: 16,
    ranksep: 36,
    marginx: 20,
    marginy: 20,
    ...(fast ? { ranker: 'longest-path' } : {}),
  });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes) g.setNode(node.id, { ...sizeOf(node.shape) });
  for (const edge of graph.edges) g.setEdge(edge.from, edge.to);
  dagre.layout(g, fast ? { customOrder: depthFirstOrder } : undefined);
  const nodes: PlacedNode[] = graph.nodes.map((node) => {
    const placed = g.node(node.id) as { x: number; y: number; width: number; height: number };
    return { ...node, x: placed.x, y: placed.y, width: placed.width, height: placed.height };
  });
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const edges: PlacedEdge[] = graph.edges.map((edge) => {
    const placed = g.edge(edge.from, edge.to) as { points?: { x: number; y: number }[] } | undefined;
    const points = (placed?.points ?? []).slice();
    // dagre ends edges on the node's box; draw them to the shape itself (its bottom, the next one's top).
    const from = byId.get(edge.from);
    const to = byId.get(edge.to);
    if (from && to && points.length >= 2) {
      points[0] = { x: from.x, y: from.y + anchorsOf(from.shape).bottom };
      points[points.length - 1] = { x: to.x, y: to.y + anchorsOf(to.shape).top };
    }
    return { from: edge.from, to: edge.to, points };
  });
  const label = g.graph() as { width?: number; height?: number };
  return { nodes, edges, width: label.width ?? 0, height: label.height ?? 0 };
}

type LayoutGraph = Parameters<NonNullable<import('@dagrejs/dagre').LayoutConfig['customOrder']>>[0];

/** Orders each rank by a depth-first walk from the top ranks, children in status order (iterative: no deep recursion). */
export function depthFirstOrder(g: LayoutGraph): void {
  const rankOf = (v: string) => (g.node(v) as { rank?: number }).rank ?? 0;
  const starts = g.nodes().filter((v) => g.children(v).length === 0);
  starts.sort((a, b) => rankOf(a) - rankOf(b));
  const layers: string[][] = [];
  const visited = new Set<string>();
  for (const start of starts) {
    const stack = [start];
    while (stack.length > 0) {
      const v = stack.pop()!;
      if (visited.has(v)) continue;
      visited.add(v);
      const rank = rankOf(v);
      let layer = layers[rank];
      if (!layer) {
        layer = [];
        layers[rank] = layer;
      }
      layer.push(v);
      const next = g.successors(v) ?? [];
      for (let i = next.length - 1; i >= 0; i--) if (!visited.has(next[i]!)) stack.push(next[i]!);
    }
  }
  for (const layer of layers)
    layer?.forEach((v, i) => {
      (g.node(v) as { order?: number }).order = i;
    });
}
