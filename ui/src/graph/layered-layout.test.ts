import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WorkflowGraph } from './graph-model.ts';
import { layeredLayout } from './layered-layout.ts';
import { FAST_LAYOUT_NODES, layoutGraph } from './layout.ts';
import { buildWorkflowGraph } from './loop-collapse.ts';
import { fanOutWorkflow, layeredStepsWorkflow } from './testing-fixtures.ts';

const everything = { threshold: 1e9, keep: 0, expanded: new Set<string>() };

function assertWellPlaced(graph: WorkflowGraph) {
  const layout = layeredLayout(graph);
  assert.equal(layout.nodes.length, graph.nodes.length);
  assert.equal(layout.edges.length, graph.edges.length);
  const byId = new Map(layout.nodes.map((n) => [n.id, n]));
  for (const e of layout.edges) {
    const from = byId.get(e.from)!;
    const to = byId.get(e.to)!;
    assert.ok(from.y < to.y, `${e.from} above ${e.to}`);
    assert.deepEqual(e.points[0], { x: from.x, y: e.points[0]!.y });
    assert.equal(e.points.at(-1)!.x, to.x);
    assert.ok(e.points[0]!.y < e.points.at(-1)!.y);
  }
  const rows = new Map<number, typeof layout.nodes>();
  for (const n of layout.nodes) rows.set(n.y, [...(rows.get(n.y) ?? []), n]);
  for (const row of rows.values()) {
    row.sort((a, b) => a.x - b.x);
    for (let i = 1; i < row.length; i++)
      assert.ok(row[i]!.x - row[i]!.width / 2 >= row[i - 1]!.x + row[i - 1]!.width / 2 + 15.9, 'overlap');
  }
  for (const n of layout.nodes) {
    assert.ok(n.x - n.width / 2 >= 19.9 && n.x + n.width / 2 <= layout.width - 19.9, `${n.id} inside`);
    assert.ok(n.y - n.height / 2 >= 19.9 && n.y + n.height / 2 <= layout.height - 19.9, `${n.id} inside`);
  }
  return { layout, byId };
}

test('parents above children, no overlaps, everything inside the box', () => {
  assertWellPlaced(buildWorkflowGraph('wf', layeredStepsWorkflow(5, 4), everything));
  assertWellPlaced(buildWorkflowGraph('wf', fanOutWorkflow(30), everything));
  assertWellPlaced(buildWorkflowGraph('wf', layeredStepsWorkflow(222, 8), everything));
});

test("a fan-out is centred under its parent, and the join under the fan's row", () => {
  const { byId } = assertWellPlaced(buildWorkflowGraph('wf', fanOutWorkflow(9), everything));
  const items = [...byId.values()].filter((n) => n.id.startsWith('wf-item-'));
  const mid = (Math.min(...items.map((n) => n.x)) + Math.max(...items.map((n) => n.x))) / 2;
  assert.ok(Math.abs(byId.get('wf-fan')!.x - mid) < 0.5);
  assert.ok(Math.abs(byId.get('wf-join')!.x - mid) < 0.5);
  // Items keep their status order from left to right.
  const order = items.sort((a, b) => a.x - b.x).map((n) => n.id);
  assert.deepEqual(
    order,
    Array.from({ length: 9 }, (_, i) => `wf-item-${i}`),
  );
});

test('a node reached by a longer path sits below the longest one', () => {
  const graph: WorkflowGraph = {
    nodes: ['a', 'b', 'c', 'd'].map((id) => ({
      id,
      label: id,
      type: 'Pod',
      phase: 'Succeeded',
      shape: 'pod',
    })),
    edges: [
      { from: 'a', to: 'b' },
      { from: 'b', to: 'c' },
      { from: 'a', to: 'c' },
      { from: 'c', to: 'd' },
    ],
  };
  const { byId } = assertWellPlaced(graph);
  const ys = ['a', 'b', 'c', 'd'].map((id) => byId.get(id)!.y);
  assert.deepEqual(
    [...ys].sort((p, q) => p - q),
    ys,
  );
  assert.equal(new Set(ys).size, 4);
});

test('large graphs use the layered layout, small ones dagre', () => {
  const big = buildWorkflowGraph('wf', layeredStepsWorkflow(60, 10), everything);
  assert.ok(big.nodes.length > FAST_LAYOUT_NODES);
  assert.deepEqual(layoutGraph(big), layeredLayout(big));
  const small = buildWorkflowGraph('wf', layeredStepsWorkflow(3, 3), everything);
  assert.notDeepEqual(layoutGraph(small).edges, layeredLayout(small).edges);
});
