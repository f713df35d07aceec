import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildWorkflowGraph, collapsedNodeId, summaryPhase } from './loop-collapse.ts';
import { fanOutWorkflow, layeredStepsWorkflow } from './testing-fixtures.ts';

const opts = (expanded: string[] = []) => ({ threshold: 8, keep: 3, expanded: new Set(expanded) });

test('a small loop is drawn whole', () => {
  const g = buildWorkflowGraph('wf', fanOutWorkflow(8), opts());
  assert.equal(g.nodes.length, 11);
  assert.equal(g.nodes.filter((n) => n.shape === 'collapsed').length, 0);
});

test('a large loop shows its first items and one collapsed node leading to what follows', () => {
  const g = buildWorkflowGraph(
    'wf',
    fanOutWorkflow(100, (i) => (i === 50 ? 'Failed' : 'Succeeded')),
    opts(),
  );
  const ids = g.nodes.map((n) => n.id).sort();
  assert.deepEqual(
    ids,
    ['wf', 'wf-fan', 'wf-fan/collapsed', 'wf-item-0', 'wf-item-1', 'wf-item-2', 'wf-join'].sort(),
  );
  const collapsed = g.nodes.find((n) => n.id === collapsedNodeId('wf-fan'))!;
  assert.equal(collapsed.label, '97 more');
  assert.deepEqual(collapsed.collapsed, {
    parentId: 'wf-fan',
    hidden: 97,
    phases: { Succeeded: 96, Failed: 1 },
  });
  assert.equal(collapsed.phase, 'Failed');
  assert.ok(g.edges.some((e) => e.from === 'wf-fan' && e.to === 'wf-fan/collapsed'));
  assert.ok(g.edges.some((e) => e.from === 'wf-fan/collapsed' && e.to === 'wf-join'));
  // No edge touches a hidden node.
  const shown = new Set(ids);
  for (const e of g.edges) assert.ok(shown.has(e.from) && shown.has(e.to), `${e.from} -> ${e.to}`);
});

test('expanding the loop parent shows every item again', () => {
  const g = buildWorkflowGraph('wf', fanOutWorkflow(100), opts(['wf-fan']));
  assert.equal(g.nodes.length, 103);
  assert.equal(g.edges.length, 1 + 100 + 100);
});

test('a collapsed subtree hides everything reachable only through it', () => {
  // Step groups of 10 pods: each group after the first is reached through the first pod too, so stays.
  const g = buildWorkflowGraph('wf', layeredStepsWorkflow(3, 10), opts());
  const collapsedNodes = g.nodes.filter((n) => n.shape === 'collapsed');
  assert.equal(collapsedNodes.length, 3);
  assert.equal(g.nodes.length, 1 + 3 * (1 + 3 + 1));
  for (const c of collapsedNodes) assert.equal(c.collapsed?.hidden, 7);
});

test('summary phase: failures win, then running, then pending', () => {
  assert.equal(summaryPhase({ Succeeded: 3, Running: 1 }), 'Running');
  assert.equal(summaryPhase({ Succeeded: 3, Error: 1, Running: 2 }), 'Error');
  assert.equal(summaryPhase({ Succeeded: 3 }), 'Succeeded');
  assert.equal(summaryPhase({ Skipped: 2 }), 'Skipped');
});
