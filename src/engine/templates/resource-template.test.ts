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

const FROM_ARTIFACT = `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: parent}
spec:
  entrypoint: main
  templates:
  - name: main
    inputs:
      artifacts:
      - name: manifest
        path: /tmp/manifest.yaml
        raw: {data: "apiVersion: v1\\nkind: ConfigMap\\nmetadata: {name: from-artifact}\\n"}
    resource:
      action: create
      manifestFrom: {artifact: {name: manifest}}
`;

test('manifestFrom: the request carries the resolved input artifact for the controller to read', () => {
  const wf = workflowFromYaml(FROM_ARTIFACT);
  const r = reconcile({ workflow: wf, observations: [], now: '2024-01-01T00:00:00Z' });
  const req = r.actions.find((a) => a.type === 'resourceRequest');
  assert.ok(req && req.type === 'resourceRequest');
  assert.equal(req.request.manifest, undefined);
  assert.equal(req.request.manifestArtifact?.name, 'manifest');
  assert.match(String((req.request.manifestArtifact?.raw as { data?: string })?.data), /from-artifact/);
});

test('manifestFrom naming no input artifact errors the node', () => {
  const wf = workflowFromYaml(
    FROM_ARTIFACT.replace('{artifact: {name: manifest}}', '{artifact: {name: other}}'),
  );
  const r = reconcile({ workflow: wf, observations: [], now: '2024-01-01T00:00:00Z' });
  const node = Object.values(r.status.nodes ?? {})[0];
  assert.equal(node?.phase, 'Error');
  assert.equal(node?.message, 'manifestFrom artifact "other" not found in template inputs');
});
