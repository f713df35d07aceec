import assert from 'node:assert/strict';
import { test } from 'node:test';
import { edgesOf, shapeOf, toGraphNode } from './graph-model.ts';
import { node, nodeMap } from './testing-fixtures.ts';

test('every Argo node type maps to its Argo UI shape', () => {
  assert.equal(shapeOf('Pod'), 'pod');
  assert.equal(shapeOf('Container'), 'pod');
  assert.equal(shapeOf('HTTP'), 'pod');
  assert.equal(shapeOf('StepGroup'), 'group');
  assert.equal(shapeOf('TaskGroup'), 'group');
  assert.equal(shapeOf('Steps'), 'boundary');
  assert.equal(shapeOf('DAG'), 'boundary');
  assert.equal(shapeOf('Retry'), 'retry');
  assert.equal(shapeOf('Skipped'), 'skipped');
  assert.equal(shapeOf('Suspend'), 'suspend');
});

test('a graph node takes the display name, and a waiting Suspend node shows as Suspended', () => {
  const n = toGraphNode(
    node('wf-1', 'Suspend', { name: 'wf[0].approve', displayName: 'approve', phase: 'Running' }),
  );
  assert.deepEqual(n, {
    id: 'wf-1',
    label: 'approve',
    type: 'Suspend',
    phase: 'Suspended',
    shape: 'suspend',
  });
  assert.equal(toGraphNode(node('wf-2', 'Pod', { name: 'wf.a' })).label, 'wf.a');
});

test('edges follow children and skip children that are not in the map', () => {
  const nodes = nodeMap(
    node('wf', 'DAG', { children: ['wf-a', 'wf-missing'] }),
    node('wf-a', 'Pod', { children: ['wf-b'] }),
    node('wf-b', 'Pod'),
  );
  assert.deepEqual(edgesOf('wf', nodes), [
    { from: 'wf', to: 'wf-a' },
    { from: 'wf-a', to: 'wf-b' },
  ]);
});

test('the exit handler hangs after the root outbound nodes, or after the root when it has none', () => {
  const withOutbound = nodeMap(
    node('wf', 'DAG', { children: ['wf-a'], outboundNodes: ['wf-a'] }),
    node('wf-a', 'Pod'),
    node('wf-x', 'Pod', { name: 'wf.onExit' }),
  );
  assert.deepEqual(
    edgesOf('wf', withOutbound).filter((e) => e.to === 'wf-x'),
    [{ from: 'wf-a', to: 'wf-x' }],
  );
  const podRoot = nodeMap(node('wf', 'Pod'), node('wf-x', 'Pod', { name: 'wf.onExit' }));
  assert.deepEqual(edgesOf('wf', podRoot), [{ from: 'wf', to: 'wf-x' }]);
});
