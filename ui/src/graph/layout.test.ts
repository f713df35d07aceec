import assert from 'node:assert/strict';
import { test } from 'node:test';
import { layoutGraph } from './layout.ts';
import { buildWorkflowGraph } from './loop-collapse.ts';
import { fanOutWorkflow, layeredStepsWorkflow } from './testing-fixtures.ts';

test('dagre places every node, parents above children, and routes every edge', () => {
  const graph = buildWorkflowGraph('wf', fanOutWorkflow(4));
  const layout = layoutGraph(graph);
  assert.equal(layout.nodes.length, graph.nodes.length);
  assert.equal(layout.edges.length, graph.edges.length);
  const y = new Map(layout.nodes.map((n) => [n.id, n.y]));
  for (const e of graph.edges) assert.ok(y.get(e.from)! < y.get(e.to)!, `${e.from} above ${e.to}`);
  const byId = new Map(layout.nodes.map((n) => [n.id, n]));
  for (const e of layout.edges) {
    assert.ok(e.points.length >= 2);
    // Edges start at the bottom of their source's shape and end at the top of their target's.
    assert.equal(e.points[0]!.x, byId.get(e.from)!.x);
    assert.ok(e.points[0]!.y > byId.get(e.from)!.y - 1);
    assert.equal(e.points.at(-1)!.x, byId.get(e.to)!.x);
    assert.ok(e.points.at(-1)!.y < byId.get(e.to)!.y);
  }
  assert.ok(layout.width > 0 && layout.height > 0);
});

test('no two nodes overlap, also in the fast layout of a large graph', () => {
  for (const nodes of [layeredStepsWorkflow(4, 5), layeredStepsWorkflow(60, 10)]) {
    const layout = layoutGraph(
      buildWorkflowGraph('wf', nodes, { threshold: 1e9, keep: 0, expanded: new Set() }),
    );
    const byRank = new Map<number, typeof layout.nodes>();
    for (const n of layout.nodes) byRank.set(Math.round(n.y), [...(byRank.get(Math.round(n.y)) ?? []), n]);
    for (const row of byRank.values()) {
      row.sort((a, b) => a.x - b.x);
      for (let i = 1; i < row.length; i++)
        assert.ok(row[i]!.x - row[i]!.width / 2 >= row[i - 1]!.x + row[i - 1]!.width / 2 - 0.5, 'overlap');
    }
  }
});
