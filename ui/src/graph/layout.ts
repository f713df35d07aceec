/**
 * Lays the workflow graph out with dagre (top to bottom, like Argo UI) and returns positions in
 * graph coordinates: node centres and edge polylines. Pure apart from dagre; no DOM.
 */

import dagre from '@dagrejs/dagre';
import type { WorkflowGraph } from './graph-model.ts';
import { layeredLayout } from './layered-layout.ts';
import { anchorsOf, type GraphLayout, type PlacedEdge, type PlacedNode, sizeOf } from './layout-geometry.ts';

export { anchorsOf, type GraphLayout, type PlacedEdge, type PlacedNode, sizeOf };

/**
 * Above this many nodes the graph is laid out by layeredLayout (linear time, straight edges, some
 * more crossings) instead of dagre, whose layout of 2,000 nodes takes most of a second.
 */
export const FAST_LAYOUT_NODES = 500;

export function layoutGraph(graph: WorkflowGraph): GraphLayout {
  if (graph.nodes.length > FAST_LAYOUT_NODES) return layeredLayout(graph);
  return dagreLayout(graph);
}

/** dagre's full treatment (network-simplex ranks, crossing minimisation, Brandes–Köpf positions). */
export function dagreLayout(graph: WorkflowGraph): GraphLayout {
  const g = new dagre.graphlib.Graph({ multigraph: false });
  g.setGraph({
    rankdir: 'TB',
    nodesep: 16,
    ranksep: 36,
    marginx: 20,
    marginy: 20,
  });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes) g.setNode(node.id, { ...sizeOf(node.shape) });
  for (const edge of graph.edges) g.setEdge(edge.from, edge.to);
  dagre.layout(g);
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
