import assert from 'node:assert/strict';
import { test } from 'node:test';
import { podNameOf } from '../../engine/node-id.js';
import type { NodeStatus, Workflow } from '../../spec/types.js';
import { durationLong, durationShort, timestamp } from './humanize.js';
import { renderTree, renderWorkflow } from './workflow-tree.js';

const T0 = '2026-01-01T00:00:00Z';
const at = (s: number) => new Date(Date.parse(T0) + s * 1000).toISOString().replace('.000Z', 'Z');

function node(partial: Partial<NodeStatus> & { id: string; type: string }): NodeStatus {
  return { name: partial.id, displayName: partial.id, phase: 'Succeeded', ...partial } as NodeStatus;
}

function stepsWorkflow(): Workflow {
  const nodes: Record<string, NodeStatus> = {
    s: node({ id: 's', type: 'Steps', templateName: 'main', startedAt: at(0), children: ['g0'] }),
    g0: node({
      id: 'g0',
      type: 'StepGroup',
      displayName: '[0]',
      boundaryID: 's',
      startedAt: at(0),
      children: ['h1'],
    }),
    h1: node({
      id: 'h1',
      type: 'Pod',
      displayName: 'hello1',
      boundaryID: 's',
      templateName: 'say',
      startedAt: at(0),
      finishedAt: at(2),
      children: ['g1'],
    }),
    g1: node({
      id: 'g1',
      type: 'StepGroup',
      displayName: '[1]',
      boundaryID: 's',
      startedAt: at(2),
      children: ['h2a', 'h2b'],
    }),
    h2a: node({
      id: 'h2a',
      type: 'Pod',
      displayName: 'hello2a',
      boundaryID: 's',
      templateName: 'say',
      startedAt: at(2),
      finishedAt: at(5),
    }),
    h2b: node({
      id: 'h2b',
      type: 'Pod',
      displayName: 'hello2b',
      boundaryID: 's',
      templateName: 'say',
      startedAt: at(2),
      finishedAt: at(5),
      phase: 'Failed',
      message: 'Error (exit code 1)',
    }),
  };
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name: 's', namespace: 'default', creationTimestamp: T0 as never },
    spec: { entrypoint: 'main', templates: [] },
    status: { phase: 'Failed', startedAt: T0 as never, finishedAt: at(5) as never, progress: '2/3', nodes },
  } as Workflow;
}

test('steps render as Argo draws them: step groups folded into the branch glyphs', () => {
  const wf = stepsWorkflow();
  const lines = renderTree(wf, wf.status?.nodes as Record<string, NodeStatus>, { now: new Date(at(10)) });
  const pod = (name: string) => podNameOf('s', name, 'say');
  const cells = lines.map((l) => l.split(/(?<=\S)\s{2,}/));
  assert.deepEqual(cells, [
    ['STEP', 'TEMPLATE', 'PODNAME', 'DURATION', 'MESSAGE'],
    [' ✔ s', 'main'],
    [' ├───✔ hello1', 'say', pod('h1'), '2s'],
    [' └─┬─✔ hello2a', 'say', pod('h2a'), '3s'],
    ['   └─✖ hello2b', 'say', pod('h2b'), '3s', 'Error (exit code 1)'],
  ]);
  // Columns line up: every PODNAME starts at the same offset.
  const offsets = lines.slice(2).map((l) => l.indexOf('s-say-'));
  assert.equal(new Set(offsets).size, 1);
});

test("a containerSet's Container nodes are drawn under its pod", () => {
  const nodes: Record<string, NodeStatus> = {
    cs: node({
      id: 'cs',
      type: 'Pod',
      templateName: 'set',
      startedAt: at(0),
      finishedAt: at(4),
      children: ['a'],
    }),
    a: node({ id: 'a', type: 'Container', displayName: 'a', startedAt: at(0), children: ['b'] }),
    b: node({
      id: 'b',
      type: 'Container',
      displayName: 'b',
      startedAt: at(1),
      phase: 'Failed',
      message: 'Error (exit code 2)',
    }),
  };
  const wf = { ...stepsWorkflow(), metadata: { name: 'cs', namespace: 'default' } } as Workflow;
  const lines = renderTree(wf, nodes, { now: new Date(at(10)) });
  const cells = lines.map((l) => l.split(/(?<=\S)\s{2,}/));
  assert.deepEqual(cells, [
    ['STEP', 'TEMPLATE', 'PODNAME', 'DURATION', 'MESSAGE'],
    [' ✔ cs', 'set', podNameOf('cs', 'cs', 'set'), '4s'],
    [' └─✔ a'],
    ['   └─✖ b', 'Error (exit code 2)'],
  ]);
});

test('the header lists name, status, duration and progress', () => {
  const out = renderWorkflow(stepsWorkflow(), { now: new Date(at(10)) });
  assert.match(out, /^Name: +s$/m);
  assert.match(out, /^Status: +Failed$/m);
  assert.match(out, /^Duration: +5 seconds$/m);
  assert.match(out, /^Progress: +2\/3$/m);
  assert.match(out, /^Created: +Thu Jan 01 00:00:00 \+0000 \(10 seconds ago\)$/m);
});

test('humanized durations', () => {
  assert.equal(durationLong(1), '1 second');
  assert.equal(durationLong(125), '2 minutes');
  assert.equal(durationShort(59), '59s');
  assert.equal(durationShort(61), '1m');
  assert.equal(timestamp('bad', new Date()), 'bad');
});
