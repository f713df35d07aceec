import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reconcile } from '../reconcile.js';
import { workflowFromYaml } from '../testing/fixtures.js';

const WF = `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: parent}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: create
        template: create
        arguments: {parameters: [{name: msg, value: hello}]}
    - - name: show
        template: show
        arguments: {parameters: [{name: child, value: "{{steps.create.outputs.parameters.name}}"}]}
  - name: create
    inputs: {parameters: [{name: msg}]}
    resource:
      action: create
      setOwnerReference: true
      successCondition: status.phase == Succeeded
      failureCondition: status.phase in (Failed, Error)
      manifest: |
        apiVersion: argoproj.io/v1alpha1
        kind: Workflow
        metadata: {generateName: child-}
        spec: {arguments: {parameters: [{name: m, value: "{{inputs.parameters.msg}}"}]}}
    outputs:
      parameters:
      - name: name
        valueFrom: {jsonPath: '{.metadata.name}'}
  - name: show
    inputs: {parameters: [{name: child}]}
    container: {image: busybox, command: [echo, "{{inputs.parameters.child}}"]}
`;

test('a resource template emits its substituted request and completes from the observation', () => {
  const wf = workflowFromYaml(WF);
  let r = reconcile({ workflow: wf, observations: [], now: '2024-01-01T00:00:00Z' });
  const req = r.actions.find((a) => a.type === 'resourceRequest');
  assert.ok(req && req.type === 'resourceRequest');
  assert.equal(req.request.action, 'create');
  assert.match(req.request.manifest ?? '', /value: "hello"/);
  assert.equal(req.request.setOwnerReference, true);
  assert.deepEqual(req.request.owner, {
    namespace: 'argo',
    name: 'parent',
    uid: '00000000-0000-0000-0000-000000000001',
  });
  assert.deepEqual(req.request.outputs, [{ name: 'name', jsonPath: '{.metadata.name}' }]);
  const node = r.status.nodes?.[req.nodeId];
  assert.equal(node?.type, 'Pod');
  assert.equal(node?.phase, 'Running');

  r = reconcile({
    workflow: wf,
    observations: [
      {
        kind: 'resource',
        nodeId: req.nodeId,
        phase: 'Succeeded',
        outputs: { parameters: [{ name: 'name', value: 'child-abcde' }] },
      },
    ],
    now: '2024-01-01T00:00:05Z',
  });
  assert.equal(r.status.nodes?.[req.nodeId]?.phase, 'Succeeded');
  const start = r.actions.find((a) => a.type === 'startPod');
  assert.ok(start && start.type === 'startPod');
  assert.deepEqual(start.plan.containers[0]?.command, ['echo', 'child-abcde']);
});

test('a failed resource fails its node with the message', () => {
  const wf = workflowFromYaml(WF);
  const r = reconcile({ workflow: wf, observations: [], now: '2024-01-01T00:00:00Z' });
  const req = r.actions.find((a) => a.type === 'resourceRequest');
  assert.ok(req);
  const after = reconcile({
    workflow: wf,
    observations: [
      { kind: 'resource', nodeId: (req as { nodeId: string }).nodeId, phase: 'Failed', message: 'no' },
    ],
    now: '2024-01-01T00:00:05Z',
  });
  assert.equal(after.status.phase, 'Failed');
});
