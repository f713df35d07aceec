/**
 * The layout of large graphs: a layered drawing in linear time, without dagre. Ranks are longest
 * paths from the roots (parents above children, as in Argo UI); the order within a rank is that of
 * one depth-first walk from the roots, children in status order; each node sits as close as the
 * rank allows to the mean position of its parents, and each rank is then shifted as one block
 * towards where its nodes wanted to be, so fan-outs centre under their parent and fan-ins under
 * their children's row. Edges are straight lines: an edge spanning several ranks (an exit handler)
 * may cross the nodes between. For 2,000 nodes this takes milliseconds where dagre took most of
 * a second (its coordinate assignment grows much faster than the graph).
 */

import type { WorkflowGraph } from './graph-model.ts';
import { anchorsOf, type GraphLayout, type PlacedNode, sizeOf } from './layout-geometry.ts';

export const SPACING = { nodesep: 16, ranksep: 36, margin: 20 } as const;

export function layeredLayout(graph: WorkflowGraph): GraphLayout {
  const ids = graph.nodes.map((n) => n.id);
  const index = new Map(ids.map((id, i) => [id, i]));
  const succ: number[][] = ids.map(() => []);
  const pred: number[][] = ids.map(() => []);
  for (const e of graph.edges) {
    const a = index.get(e.from);
    const b = index.get(e.to);
    if (a === undefined || b === undefined || a === b) continue;
    succ[a]!.push(b);
    pred[b]!.push(a);
  }
  const rank = ranksOf(succ, pred);
  const layers = depthFirstLayers(succ, pred, rank);
  const size = graph.nodes.map((n) => sizeOf(n.shape));
  const x = new Float64Array(ids.length);
  const placed = new Uint8Array(ids.length);

  for (const layer of layers) {
    if (!layer) continue;
    const want: number[] = [];
    let prevRight = Number.NEGATIVE_INFINITY;
    for (const v of layer) {
      const half = size[v]!.width / 2;
      let sum = 0;
      let count = 0;
      for (const p of pred[v]!)
        if (placed[p]) {
          sum += x[p]!;
          count++;
        }
      const fallback = prevRight === Number.NEGATIVE_INFINITY ? half : prevRight + SPACING.nodesep + half;
      const desired = count > 0 ? sum / count : fallback;
      want.push(desired);
      x[v] = Math.max(desired, prevRight + SPACING.nodesep + half);
      prevRight = x[v]! + half;
    }
    // Nodes only ever moved right of where they wanted to be: move the rank back by the mean push.
    let push = 0;
    layer.forEach((v, i) => {
      push += x[v]! - want[i]!;
    });
    const shift = push / layer.length;
    for (const v of layer) {
      x[v] = x[v]! - shift;
      placed[v] = 1;
    }
  }

  let minLeft = Number.POSITIVE_INFINITY;
  let maxRight = Number.NEGATIVE_INFINITY;
  ids.forEach((_, v) => {
    minLeft = Math.min(minLeft, x[v]! - size[v]!.width / 2);
    maxRight = Math.max(maxRight, x[v]! + size[v]!.width / 2);
  });
  if (ids.length === 0) minLeft = maxRight = 0;
  const dx = SPACING.margin - minLeft;

  const rowY: number[] = [];
  let top = SPACING.margin;
  for (const layer of layers) {
    const h = layer ? Math.max(...layer.map((v) => size[v]!.height)) : 0;
    rowY.push(top + h / 2);
    top += h + SPACING.ranksep;
  }
  const height = top - SPACING.ranksep + SPACING.margin;

  const nodes: PlacedNode[] = graph.nodes.map((node, v) => ({
    ...node,
    x: x[v]! + dx,
    y: rowY[rank[v]!]!,
    width: size[v]!.width,
    height: size[v]!.height,
  }));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const edges = graph.edges.map((edge) => {
    const from = byId.get(edge.from);
    const to = byId.get(edge.to);
    const points =
      from && to
        ? [
            { x: from.x, y: from.y + anchorsOf(from.shape).bottom },
            { x: to.x, y: to.y + anchorsOf(to.shape).top },
          ]
        : [];
    return { from: edge.from, to: edge.to, points };
  });
  return { nodes, edges, width: maxRight - minLeft + 2 * SPACING.margin, height: Math.max(height, 0) };
}

/** Longest path from the roots (Kahn's order); nodes on a cycle, which a workflow has not, go last. */
function ranksOf(succ: number[][], pred: number[][]): number[] {
  const n = succ.length;
  const rank = new Array<number>(n).fill(0);
  const indegree = pred.map((p) => p.length);
  const queue: number[] = [];
  for (let v = 0; v < n; v++) if (indegree[v] === 0) queue.push(v);
  let done = 0;
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head]!;
    done++;
    for (const w of succ[v]!) {
      rank[w] = Math.max(rank[w]!, rank[v]! + 1);
      if (--indegree[w]! === 0) queue.push(w);
    }
  }
  if (done < n) {
    const last = Math.max(0, ...rank) + 1;
    for (let v = 0; v < n; v++) if (indegree[v]! > 0) rank[v] = last;
  }
  return rank;
}

/** Each rank's nodes in the order a depth-first walk from the roots first reaches them (iterative). */
function depthFirstLayers(succ: number[][], pred: number[][], rank: number[]): number[][] {
  const layers: number[][] = [];
  const seen = new Uint8Array(succ.length);
  const visit = (start: number) => {
    const stack = [start];
    while (stack.length > 0) {
      const v = stack.pop()!;
      if (seen[v]) continue;
      seen[v] = 1;
      const r = rank[v]!;
      if (!layers[r]) layers[r] = [];
      layers[r]!.push(v);
      const next = succ[v]!;
      for (let i = next.length - 1; i >= 0; i--) if (!seen[next[i]!]) stack.push(next[i]!);
    }
  };
  for (let v = 0; v < succ.length; v++) if (pred[v]!.length === 0) visit(v);
  for (let v = 0; v < succ.length; v++) visit(v);
  return layers;
}
