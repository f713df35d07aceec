import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fnv32a } from './node-id.js';
import { reconcile } from './reconcile.js';
import { drive, phases } from './testing/driver.js';
import { loadFixture } from './testing/fixtures.js';

const NOW = '2024-01-01T00:00:00Z';

test('a container workflow: root Pod node, startPod plan, then Succeeded', () => {
  const wf = loadFixture('hello');
  const first = reconcile({ workflow: wf, observations: [], now: NOW });
  assert.equal(first.status.phase, 'Running');
  assert.equal(first.status.startedAt, NOW);
  const root = first.status.nodes?.hello;
  assert.equal(root?.type, 'Pod');
  assert.equal(root?.phase, 'Pending');
  assert.deepEqual(root?.inputs?.parameters, [{ name: 'message', value: 'hi there' }]);
  assert.deepEqual(first.changedNodeIds, ['hello']);
  const start = first.actions[0];
  assert.equal(start?.type, 'startPod');
  if (start?.type !== 'startPod') return;
  assert.equal(start.plan.podName, 'hello');
  assert.deepEqual(start.plan.containers[0]?.args, ['hi there', 'hello', 'hello']);
  assert.equal(start.plan.outputs.captureResult, true);
  assert.equal(first.status.progress, '0/1');

  const second = reconcile({
    workflow: wf,
    now: '2024-01-01T00:00:05Z',
    observations: [
      {
        podName: 'hello',
        nodeId: 'hello',
        phase: 'Succeeded',
        finishedAt: '2024-01-01T00:00:04Z',
        containers: [{ name: 'main', state: 'terminated', exitCode: 0 }],
        outputs: { parameters: [], result: 'hi there', artifacts: [] },
      },
    ],
  });
  assert.equal(second.status.phase, 'Succeeded');
  assert.equal(second.status.finishedAt, '2024-01-01T00:00:05Z');
  assert.equal(second.status.progress, '1/1');
  assert.deepEqual(second.status.nodes?.hello?.outputs, { result: 'hi there', exitCode: '0' });
  assert.deepEqual(second.changedNodeIds, ['hello']);
  assert.deepEqual(second.actions, []);
});

test('a finished workflow is left alone', () => {
  const { workflow } = drive(loadFixture('hello'));
  const again = reconcile({ workflow, observations: [], now: '2025-01-01T00:00:00Z' });
  assert.deepEqual(again.actions, []);
  assert.deepEqual(again.changedNodeIds, []);
});

test('a missing entrypoint is a workflow Error', () => {
  const wf = loadFixture('hello');
  wf.spec.entrypoint = 'nope';
  const r = reconcile({ workflow: wf, observations: [], now: NOW });
  assert.equal(r.status.phase, 'Error');
  assert.match(r.status.message ?? '', /nope/);
});

test('missing input parameter fails the node with Error', () => {
  const wf = loadFixture('hello');
  wf.spec.arguments = {};
  const r = reconcile({ workflow: wf, observations: [], now: NOW });
  assert.equal(r.status.phase, 'Error');
  assert.equal(r.status.message, 'inputs.parameters.message was not supplied');
});

test('enum validation of inputs', () => {
  const wf = loadFixture('hello');
  const tmpl = wf.spec.templates?.[0];
  if (tmpl?.inputs?.parameters?.[0]) tmpl.inputs.parameters[0].enum = ['a', 'b'];
  const r = reconcile({ workflow: wf, observations: [], now: NOW });
  assert.equal(r.status.phase, 'Error');
  assert.match(r.status.message ?? '', /not in enum/);
});

test('steps: node tree, names, children, boundaries, outputs and global outputs', () => {
  const { workflow, plans } = drive(loadFixture('steps'), {
    script: (plan) =>
      plan.templateName === 'gen' ? { parameters: { word: 'hello' }, result: 'res' } : { result: 'printed' },
  });
  assert.equal(workflow.status?.phase, 'Succeeded');
  assert.deepEqual(phases(workflow), {
    steps: 'Succeeded',
    'steps[0]': 'Succeeded',
    'steps[0].generate': 'Succeeded',
    'steps[1]': 'Succeeded',
    'steps[1].print-a': 'Succeeded',
    'steps[1].print-b': 'Succeeded',
  });
  const nodes = workflow.status?.nodes ?? {};
  const id = (name: string) => `steps-${fnv32a(name)}`;
  assert.deepEqual(nodes.steps?.children, [id('steps[0]')]);
  assert.deepEqual(nodes[id('steps[0]')]?.children, [id('steps[0].generate')]);
  assert.deepEqual(nodes[id('steps[0].generate')]?.children, [id('steps[1]')]);
  assert.equal(nodes[id('steps[1].print-a')]?.boundaryID, 'steps');
  assert.equal(nodes[id('steps[1]')]?.displayName, '[1]');
  assert.deepEqual(nodes.steps?.outboundNodes, [id('steps[1].print-a'), id('steps[1].print-b')]);
  assert.equal(plans[0]?.podName, `steps-gen-${fnv32a('steps[0].generate')}`);
  const printA = plans.find((p) => p.nodeId === id('steps[1].print-a'));
  assert.deepEqual(printA?.containers[0]?.args, ['/argo/staging/script']);
  assert.equal(printA?.files[0]?.content, 'print("hello")\n');
  const printB = plans.find((p) => p.nodeId === id('steps[1].print-b'));
  assert.equal(printB?.files[0]?.content, 'print("res")\n');
  assert.deepEqual(nodes.steps?.outputs?.parameters?.[0]?.value, 'hello');
  assert.deepEqual(workflow.status?.outputs?.parameters, [{ name: 'final-word', value: 'hello' }]);
  assert.equal(workflow.status?.progress, '3/3');
});

test('steps: a failed step fails the group and the workflow with Argo messages', () => {
  const { workflow } = drive(loadFixture('steps'), {
    script: (plan) => (plan.templateName === 'gen' ? { phase: 'Failed', exitCode: 2 } : {}),
  });
  const sg = `steps-${fnv32a('steps[0]')}`;
  const gen = `steps-${fnv32a('steps[0].generate')}`;
  assert.equal(workflow.status?.phase, 'Failed');
  assert.equal(workflow.status?.nodes?.[sg]?.message, `child '${gen}' failed`);
  assert.equal(workflow.status?.message, `step group ${sg} was unsuccessful: child '${gen}' failed`);
  assert.equal(workflow.status?.nodes?.[gen]?.message, 'Error (exit code 2)');
});
