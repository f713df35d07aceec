import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Workflow } from '../spec/types.js';
import { drive } from './testing/driver.js';
import { workflowFromYaml } from './testing/fixtures.js';
import { SCHEDULED_TIME_ANNOTATION, workflowVars } from './vars.js';

const workflow = (annotations: Record<string, string> = {}): Workflow =>
  ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name: 'w', namespace: 'ns', labels: { team: 'data' }, annotations },
    spec: { entrypoint: 'main', arguments: { parameters: [{ name: 'x', value: '1' }] }, templates: [] },
  }) as Workflow;

test('workflow.parameters.json, labels.json and annotations.json are the JSON forms Argo documents', () => {
  const vars = workflowVars(workflow({ owner: 'me' }), {});
  assert.deepEqual(JSON.parse(vars['workflow.parameters.json'] ?? ''), [{ name: 'x', value: '1' }]);
  assert.deepEqual(JSON.parse(vars['workflow.labels.json'] ?? ''), { team: 'data' });
  assert.deepEqual(JSON.parse(vars['workflow.annotations.json'] ?? ''), { owner: 'me' });
  assert.equal(vars['workflow.labels.team'], 'data');
});

test('workflow.scheduledTime comes from the scheduled-time annotation a CronWorkflow sets, and only then', () => {
  assert.equal(workflowVars(workflow(), {})['workflow.scheduledTime'], undefined);
  const vars = workflowVars(workflow({ [SCHEDULED_TIME_ANNOTATION]: '2026-11-24T10:00:00Z' }), {});
  assert.equal(vars['workflow.scheduledTime'], '2026-11-24T10:00:00Z');
});

test('a WorkflowTemplate default argument is a workflow parameter of a workflow that runs it', () => {
  const wf = workflowFromYaml(`
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: from-template, namespace: default}
spec:
  workflowTemplateRef: {name: greeter}
status:
  storedWorkflowTemplateSpec:
    entrypoint: main
    arguments: {parameters: [{name: who, value: world}]}
    templates:
      - name: main
        container: {image: alpine, command: [echo, "hello {{workflow.parameters.who}}"]}
`);
  const { plans } = drive(wf, {});
  assert.deepEqual(plans[0]?.containers[0]?.command, ['echo', 'hello world']);
});
