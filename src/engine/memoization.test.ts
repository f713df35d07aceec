import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Workflow } from '../spec/types.js';
import { isFresh } from './memoization.js';
import { reconcile } from './reconcile.js';
import { podObservation } from './testing/driver.js';
import { workflowFromYaml } from './testing/fixtures.js';
import type { Action, Observation } from './types.js';

const T0 = '2024-01-01T00:10:00.000Z';

function step(wf: Workflow, observations: Observation[] = [], now = T0): Action[] {
  const r = reconcile({ workflow: wf, observations, now });
  wf.status = r.status;
  return r.actions;
}

const MEMO = `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: wf}
spec:
  entrypoint: main
  arguments: {parameters: [{name: who, value: world}]}
  templates:
  - name: main
    steps:
    - - name: hello
        template: hello
        arguments: {parameters: [{name: who, value: "{{workflow.parameters.who}}"}]}
    - - name: use
        template: use
        arguments: {parameters: [{name: v, value: "{{steps.hello.outputs.parameters.out}}"}]}
  - name: hello
    inputs: {parameters: [{name: who}]}
    memoize:
      key: "hello-{{inputs.parameters.who}}"
      maxAge: "10s"
      cache: {configMap: {name: cache}}
    container: {image: busybox, command: [echo, hi]}
    outputs: {parameters: [{name: out, valueFrom: {path: /tmp/out}}]}
  - name: use
    inputs: {parameters: [{name: v}]}
    container: {image: busybox, command: [echo, "{{inputs.parameters.v}}"]}
`;

function firstLookup(wf: Workflow): string {
  const actions = step(wf);
  const lookup = actions.find((a) => a.type === 'memoLookup');
  assert.ok(lookup && lookup.type === 'memoLookup');
  assert.deepEqual(
    { key: lookup.key, cacheName: lookup.cacheName, namespace: lookup.namespace },
    { key: 'hello-world', cacheName: 'cache', namespace: 'argo' },
  );
  assert.equal(
    actions.some((a) => a.type === 'startPod'),
    false,
  );
  return lookup.nodeId;
}

test('a fresh cache entry is a hit: outputs restored, no pod, memoizationStatus like Argo', () => {
  const wf = workflowFromYaml(MEMO);
  const id = firstLookup(wf);
  const entry = {
    nodeID: 'old',
    outputs: { parameters: [{ name: 'out', value: 'cached' }], exitCode: '0' },
    creationTimestamp: '2024-01-01T00:09:55Z',
  };
  const actions = step(wf, [{ kind: 'memo', nodeId: id, entry }]);
  const node = wf.status?.nodes?.[id];
  assert.equal(node?.phase, 'Succeeded');
  assert.deepEqual(node?.memoizationStatus, { hit: true, key: 'hello-world', cacheName: 'cache' });
  assert.equal(node?.outputs?.parameters?.[0]?.value, 'cached');
  const starts = actions.filter((a) => a.type === 'startPod');
  assert.deepEqual(
    starts.map((a) => a.type === 'startPod' && a.plan.templateName),
    ['use'],
  );
  assert.ok(starts[0]?.type === 'startPod' && starts[0].plan.containers[0]?.command.includes('cached'));
  assert.equal(
    actions.some((a) => a.type === 'memoSave'),
    false,
  );
});

test('a miss (or an entry older than maxAge) runs the pod and saves its outputs once it Succeeds', () => {
  for (const entry of [undefined, { outputs: {}, creationTimestamp: '2024-01-01T00:09:00Z' }]) {
    const wf = workflowFromYaml(MEMO);
    const id = firstLookup(wf);
    let actions = step(wf, [{ kind: 'memo', nodeId: id, ...(entry ? { entry } : {}) }]);
    assert.deepEqual(wf.status?.nodes?.[id]?.memoizationStatus, {
      hit: false,
      key: 'hello-world',
      cacheName: 'cache',
    });
    const start = actions.find((a) => a.type === 'startPod');
    assert.ok(start && start.type === 'startPod');
    actions = step(wf, [podObservation(start.plan, { parameters: { out: 'fresh' } }, T0)]);
    const save = actions.find((a) => a.type === 'memoSave');
    assert.ok(save && save.type === 'memoSave');
    assert.equal(save.key, 'hello-world');
    assert.equal(save.nodeId, id);
    assert.equal(save.outputs.parameters?.[0]?.value, 'fresh');
  }
});

test('a failed memoized node is not saved', () => {
  const wf = workflowFromYaml(MEMO);
  const id = firstLookup(wf);
  const start = step(wf, [{ kind: 'memo', nodeId: id }]).find((a) => a.type === 'startPod');
  assert.ok(start && start.type === 'startPod');
  const actions = step(wf, [podObservation(start.plan, { phase: 'Failed' }, T0)]);
  assert.equal(
    actions.some((a) => a.type === 'memoSave'),
    false,
  );
});

test('a key that cannot be a ConfigMap key errors the node', () => {
  const wf = workflowFromYaml(
    MEMO.replace('"hello-{{inputs.parameters.who}}"', '"hello {{inputs.parameters.who}}"'),
  );
  step(wf);
  const node = Object.values(wf.status?.nodes ?? {}).find((n) => n.templateName === 'hello');
  assert.equal(node?.phase, 'Error');
  assert.match(node?.message ?? '', /memoize.key: "hello world" is not a valid ConfigMap key/);
});

test('maxAge: entries older than it are stale; no maxAge never expires', () => {
  const now = Date.parse('2024-01-01T00:10:00Z');
  assert.equal(isFresh('2024-01-01T00:09:51Z', '10s', now), true);
  assert.equal(isFresh('2024-01-01T00:09:49Z', '10s', now), false);
  assert.equal(isFresh('2020-01-01T00:00:00Z', undefined, now), true);
  assert.equal(isFresh(undefined, '1h', now), false);
});

const COMPOSITE = (kind: 'steps' | 'dag') => `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: wf}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: group
        template: group
    - - name: use
        template: use
        arguments: {parameters: [{name: v, value: "{{steps.group.outputs.parameters.out}}"}]}
  - name: group
    memoize:
      key: group-key
      cache: {configMap: {name: cache}}
${
  kind === 'steps'
    ? `    steps:
    - - name: inner
        template: produce`
    : `    dag:
      tasks:
      - name: inner
        template: produce`
}
    outputs:
      parameters:
      - name: out
        valueFrom: {parameter: "{{${kind === 'steps' ? 'steps' : 'tasks'}.inner.outputs.parameters.out}}"}
  - name: produce
    container: {image: busybox, command: [echo, hi]}
    outputs: {parameters: [{name: out, valueFrom: {path: /tmp/out}}]}
  - name: use
    inputs: {parameters: [{name: v}]}
    container: {image: busybox, command: [echo, "{{inputs.parameters.v}}"]}
`;

for (const kind of ['steps', 'dag'] as const) {
  test(`memoize on a ${kind} template: held Pending at the lookup; a hit skips its children`, () => {
    const wf = workflowFromYaml(COMPOSITE(kind));
    const actions = step(wf);
    const lookup = actions.find((a) => a.type === 'memoLookup');
    assert.ok(lookup && lookup.type === 'memoLookup');
    assert.equal(lookup.key, 'group-key');
    assert.equal(
      actions.some((a) => a.type === 'startPod'),
      false,
    );
    assert.equal(wf.status?.nodes?.[lookup.nodeId]?.phase, 'Pending');
    const entry = { outputs: { parameters: [{ name: 'out', value: 'cached' }] }, creationTimestamp: T0 };
    const next = step(wf, [{ kind: 'memo', nodeId: lookup.nodeId, entry }]);
    const node = wf.status?.nodes?.[lookup.nodeId];
    assert.equal(node?.phase, 'Succeeded');
    assert.equal(node?.type, kind === 'steps' ? 'Steps' : 'DAG');
    assert.deepEqual(node?.memoizationStatus, { hit: true, key: 'group-key', cacheName: 'cache' });
    assert.equal(
      Object.values(wf.status?.nodes ?? {}).some((n) => n.templateName === 'produce'),
      false,
      'no child ran',
    );
    const starts = next.filter((a) => a.type === 'startPod');
    assert.deepEqual(
      starts.map((a) => a.type === 'startPod' && a.plan.templateName),
      ['use'],
    );
    assert.ok(starts[0]?.type === 'startPod' && starts[0].plan.containers[0]?.command.includes('cached'));
  });

  test(`memoize on a ${kind} template: a miss runs the children and saves the node's outputs`, () => {
    const wf = workflowFromYaml(COMPOSITE(kind));
    const lookup = step(wf).find((a) => a.type === 'memoLookup');
    assert.ok(lookup && lookup.type === 'memoLookup');
    const started = step(wf, [{ kind: 'memo', nodeId: lookup.nodeId }]);
    assert.equal(wf.status?.nodes?.[lookup.nodeId]?.phase, 'Running');
    assert.deepEqual(wf.status?.nodes?.[lookup.nodeId]?.memoizationStatus, {
      hit: false,
      key: 'group-key',
      cacheName: 'cache',
    });
    const start = started.find((a) => a.type === 'startPod');
    assert.ok(start && start.type === 'startPod');
    assert.equal(start.plan.templateName, 'produce');
    const done = step(wf, [podObservation(start.plan, { parameters: { out: 'fresh' } }, T0)]);
    const save = done.find((a) => a.type === 'memoSave');
    assert.ok(save && save.type === 'memoSave', JSON.stringify(done.map((a) => a.type)));
    assert.equal(save.nodeId, lookup.nodeId);
    assert.deepEqual(
      save.outputs.parameters?.map((p) => [p.name, p.value]),
      [['out', 'fresh']],
    );
  });
}
