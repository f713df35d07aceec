import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Workflow } from '../spec/types.js';
import type { GateAction } from './gate-types.js';
import { reconcile } from './reconcile.js';
import { podObservation } from './testing/driver.js';
import { workflowFromYaml } from './testing/fixtures.js';
import type { Action, Observation } from './types.js';

const T0 = '2024-01-01T00:00:00.000Z';

function step(wf: Workflow, observations: Observation[] = [], now = T0): Action[] {
  const r = reconcile({ workflow: wf, observations, now });
  wf.status = r.status;
  return r.actions;
}

function ofType<T extends GateAction['type']>(
  actions: Action[],
  type: T,
): Extract<GateAction, { type: T }>[] {
  return actions.filter((a): a is Extract<GateAction, { type: T }> => a.type === type);
}

const WF_MUTEX = `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: wf}
spec:
  entrypoint: main
  arguments: {parameters: [{name: lock, value: test}]}
  synchronization:
    mutexes: [{name: "{{workflow.parameters.lock}}"}]
  templates:
  - name: main
    container: {image: busybox, command: [echo, hi]}
`;

test("workflow-level mutex: Pending with Argo's message until acquired, released on completion", () => {
  const wf = workflowFromYaml(WF_MUTEX);
  let actions = step(wf);
  assert.equal(wf.status?.phase, 'Pending');
  assert.equal(wf.status?.message, 'Waiting for argo/Mutex/test lock');
  assert.equal(ofType(actions, 'acquireLock')[0]?.locks[0]?.key, 'argo/Mutex/test');
  assert.equal(ofType(actions, 'acquireLock')[0]?.nodeId, '');
  assert.equal(
    actions.some((a) => a.type === 'startPod'),
    false,
  );
  assert.equal(wf.status?.startedAt, undefined);

  actions = step(wf, [
    {
      kind: 'lock',
      nodeId: '',
      acquired: false,
      message: 'Waiting for argo/Mutex/test lock. Lock status: 0/1',
      waiting: [{ key: 'argo/Mutex/test', kind: 'mutex', holders: ['argo/other'] }],
    },
  ]);
  assert.equal(wf.status?.message, 'Waiting for argo/Mutex/test lock. Lock status: 0/1');
  assert.deepEqual(wf.status?.synchronization?.mutex?.waiting, [
    { mutex: 'argo/Mutex/test', holder: 'argo/other' },
  ]);

  actions = step(wf, [{ kind: 'lock', nodeId: '', acquired: true }]);
  assert.equal(wf.status?.phase, 'Running');
  assert.equal(wf.status?.message, undefined);
  assert.deepEqual(wf.status?.synchronization, {
    mutex: { holding: [{ mutex: 'argo/Mutex/test', holder: 'wf' }] },
  });
  const start = actions.find((a) => a.type === 'startPod');
  assert.ok(start && start.type === 'startPod');

  actions = step(wf, [podObservation(start.plan, {}, T0)]);
  assert.equal(wf.status?.phase, 'Succeeded');
  assert.deepEqual(ofType(actions, 'releaseLock'), [
    { type: 'releaseLock', nodeId: '', locks: [{ key: 'argo/Mutex/test', kind: 'mutex' }] },
  ]);
  assert.equal(wf.status?.synchronization, undefined);
});

test('workflow-level semaphore whose ConfigMap is missing: the workflow errors with the reason', () => {
  const wf = workflowFromYaml(
    WF_MUTEX.replace(
      'mutexes: [{name: "{{workflow.parameters.lock}}"}]',
      'semaphores: [{configMapKeyRef: {name: my-config, key: workflow}}]',
    ),
  );
  const first = step(wf);
  assert.deepEqual(ofType(first, 'acquireLock')[0]?.locks, [
    {
      key: 'argo/ConfigMap/my-config/workflow',
      kind: 'semaphore',
      configMap: { namespace: 'argo', name: 'my-config', key: 'workflow' },
    },
  ]);
  const actions = step(wf, [
    { kind: 'lock', nodeId: '', acquired: false, error: 'configmaps "my-config" not found' },
  ]);
  assert.equal(wf.status?.phase, 'Error');
  assert.equal(wf.status?.message, 'configmaps "my-config" not found');
  assert.deepEqual(actions, []);
});

test('a waiting workflow that is stopped fails instead of waiting on', () => {
  const wf = workflowFromYaml(WF_MUTEX);
  step(wf);
  wf.spec.shutdown = 'Stop';
  step(wf);
  assert.equal(wf.status?.phase, 'Failed');
  assert.equal(wf.status?.message, 'workflow shutdown with strategy:  Stop');
});

const TMPL_SEMAPHORE = `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: wf}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: a
        template: locked
        withItems: [1, 2]
  - name: locked
    synchronization:
      semaphores: [{configMapKeyRef: {name: my-config, key: template}}]
      mutex: {name: legacy}
    container: {image: busybox, command: [echo, hi]}
`;

test('template-level locks: nodes wait Pending with synchronizationStatus, start once granted, release when done', () => {
  const wf = workflowFromYaml(TMPL_SEMAPHORE);
  let actions = step(wf);
  const acquires = ofType(actions, 'acquireLock');
  assert.equal(acquires.length, 2);
  assert.deepEqual(
    acquires[0]?.locks.map((l) => l.key),
    ['argo/Mutex/legacy', 'argo/ConfigMap/my-config/template'],
  );
  assert.equal(
    actions.some((a) => a.type === 'startPod'),
    false,
  );
  const [first, second] = acquires.map((a) => a.nodeId);
  assert.ok(first && second);
  const node = wf.status?.nodes?.[first];
  assert.equal(node?.phase, 'Pending');
  assert.deepEqual(node?.synchronizationStatus, { waiting: 'argo/Mutex/legacy' });
  assert.equal(wf.status?.phase, 'Running');

  actions = step(wf, [{ kind: 'lock', nodeId: first, acquired: true }]);
  const starts = actions.filter((a) => a.type === 'startPod');
  assert.equal(starts.length, 1);
  assert.equal(wf.status?.nodes?.[first]?.synchronizationStatus, undefined);
  assert.deepEqual(wf.status?.synchronization?.semaphore?.holding, [
    { semaphore: 'argo/ConfigMap/my-config/template', holders: [first] },
  ]);
  // The other node asks again (level-triggered) and is still waiting.
  assert.deepEqual(
    ofType(actions, 'acquireLock').map((a) => a.nodeId),
    [second],
  );

  const start = starts[0];
  assert.ok(start?.type === 'startPod');
  actions = step(wf, [podObservation(start.plan, {}, T0)]);
  assert.deepEqual(ofType(actions, 'releaseLock'), [
    {
      type: 'releaseLock',
      nodeId: first,
      locks: [
        { key: 'argo/Mutex/legacy', kind: 'mutex' },
        { key: 'argo/ConfigMap/my-config/template', kind: 'semaphore' },
      ],
    },
  ]);
  assert.equal(wf.status?.synchronization, undefined);
});

test('a node whose lock cannot exist errors with the reason', () => {
  const wf = workflowFromYaml(TMPL_SEMAPHORE);
  const acquires = ofType(step(wf), 'acquireLock');
  const id = acquires[0]?.nodeId ?? '';
  step(wf, [{ kind: 'lock', nodeId: id, acquired: false, error: 'key "template" not found' }]);
  assert.equal(wf.status?.nodes?.[id]?.phase, 'Error');
  assert.equal(wf.status?.nodes?.[id]?.message, 'key "template" not found');
});

test('a steps template with synchronization holds its children until granted and releases when done', () => {
  const wf = workflowFromYaml(`
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: wf}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: guarded, template: guarded}
  - name: guarded
    synchronization:
      mutexes: [{name: group}]
    steps:
    - - {name: a, template: work}
      - {name: b, template: work}
  - name: work
    container: {image: busybox, command: ["true"]}
`);
  let actions = step(wf);
  const acquire = ofType(actions, 'acquireLock')[0];
  assert.ok(acquire);
  const guarded = wf.status?.nodes?.[acquire.nodeId];
  assert.equal(guarded?.type, 'Steps');
  assert.equal(guarded?.phase, 'Pending');
  assert.deepEqual(guarded?.synchronizationStatus, { waiting: 'argo/Mutex/group' });
  assert.equal(
    actions.some((a) => a.type === 'startPod'),
    false,
  );

  actions = step(wf, [{ kind: 'lock', nodeId: acquire.nodeId, acquired: true }]);
  assert.equal(wf.status?.nodes?.[acquire.nodeId]?.phase, 'Running');
  const starts = actions.filter((a) => a.type === 'startPod');
  assert.equal(starts.length, 2);
  assert.deepEqual(ofType(actions, 'releaseLock'), []);

  actions = step(
    wf,
    starts.map((a) => (a.type === 'startPod' ? podObservation(a.plan, {}, T0) : ({} as never))),
  );
  assert.equal(wf.status?.phase, 'Succeeded');
  assert.deepEqual(
    ofType(actions, 'releaseLock').map((a) => a.nodeId),
    [acquire.nodeId],
  );
});

test('a workflow set running again (retry) asks for its workflow-level lock again', () => {
  const wf = workflowFromYaml(WF_MUTEX);
  step(wf);
  const start = step(wf, [{ kind: 'lock', nodeId: '', acquired: true }]).find((a) => a.type === 'startPod');
  assert.ok(start?.type === 'startPod');
  step(wf, [podObservation(start.plan, { phase: 'Failed' }, T0)]);
  assert.equal(wf.status?.phase, 'Failed');
  assert.equal(wf.status?.synchronization, undefined);
  // What a retry leaves: Running again, no lock held.
  wf.status = { ...wf.status, phase: 'Running', nodes: {} };
  delete wf.status.finishedAt;
  const actions = step(wf);
  assert.equal(wf.status?.phase, 'Pending');
  assert.equal(ofType(actions, 'acquireLock').length, 1);
  assert.equal(
    actions.some((a) => a.type === 'startPod'),
    false,
  );
});

test('memoization comes before the lock: a cache hit takes no lock', () => {
  const wf = workflowFromYaml(`
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: wf}
spec:
  entrypoint: main
  templates:
  - name: main
    memoize: {key: k, cache: {configMap: {name: c}}}
    synchronization: {mutexes: [{name: m}]}
    container: {image: busybox, command: ["true"]}
`);
  let actions = step(wf);
  assert.deepEqual(
    actions.map((a) => a.type),
    ['memoLookup'],
  );
  actions = step(wf, [
    { kind: 'memo', nodeId: 'wf', entry: { outputs: { exitCode: '0' }, creationTimestamp: T0 } },
  ]);
  assert.equal(wf.status?.phase, 'Succeeded');
  assert.deepEqual(ofType(actions, 'acquireLock'), []);
  const miss = workflowFromYaml(JSON.stringify({ ...wf, status: undefined }));
  step(miss);
  actions = step(miss, [{ kind: 'memo', nodeId: 'wf' }]);
  assert.deepEqual(
    actions.map((a) => a.type),
    ['acquireLock', 'requeueAfter'],
  );
});
