import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RetryStrategy } from '../spec/types.js';
import { drive, nodesByName, phases } from './testing/driver.js';
import { loadFixture, workflowFromYaml } from './testing/fixtures.js';

function withStrategy(strategy: RetryStrategy) {
  const wf = loadFixture('retry');
  const tmpl = wf.spec.templates?.[0];
  if (tmpl) tmpl.retryStrategy = strategy;
  return wf;
}

test('retry: Retry node with name(i) children, {{retries}}, succeeds on the last attempt', () => {
  const { workflow, plans } = drive(loadFixture('retry'), {
    script: (p) => (p.containers[0]?.command[2]?.endsWith('exit(2)') ? {} : { phase: 'Failed' }),
  });
  assert.deepEqual(phases(workflow), {
    retry: 'Succeeded',
    'retry(0)': 'Failed',
    'retry(1)': 'Failed',
    'retry(2)': 'Succeeded',
  });
  assert.equal(nodesByName(workflow).get('retry')?.type, 'Retry');
  assert.equal(nodesByName(workflow).get('retry(1)')?.displayName, 'retry(1)');
  assert.equal(plans.length, 3);
  assert.equal(workflow.status?.phase, 'Succeeded');
});

test('retry: limit exhausted gives "No more retries left"', () => {
  const { workflow } = drive(loadFixture('retry'), { script: () => ({ phase: 'Failed' }) });
  assert.equal(workflow.status?.phase, 'Failed');
  assert.equal(nodesByName(workflow).get('retry')?.message, 'No more retries left');
  assert.equal(Object.keys(phases(workflow)).length, 4);
});

const policies: { policy: RetryStrategy['retryPolicy']; phase: 'Failed' | 'Error'; attempts: number }[] = [
  { policy: undefined, phase: 'Failed', attempts: 3 },
  { policy: undefined, phase: 'Error', attempts: 1 },
  { policy: 'OnFailure', phase: 'Error', attempts: 1 },
  { policy: 'OnError', phase: 'Error', attempts: 3 },
  { policy: 'OnError', phase: 'Failed', attempts: 1 },
  { policy: 'Always', phase: 'Error', attempts: 3 },
  { policy: 'Always', phase: 'Failed', attempts: 3 },
];
for (const { policy, phase, attempts } of policies) {
  test(`retryPolicy ${policy ?? '(default)'} on ${phase}: ${attempts} attempt(s)`, () => {
    const { plans, workflow } = drive(withStrategy({ limit: 2, retryPolicy: policy }), {
      script: () => ({ phase }),
    });
    assert.equal(plans.length, attempts);
    assert.equal(workflow.status?.phase, phase);
  });
}

test('retry expression over lastRetry stops retrying', () => {
  const { plans, workflow } = drive(withStrategy({ limit: 5, expression: 'asInt(lastRetry.exitCode) > 1' }), {
    script: () => ({ phase: 'Failed', exitCode: 1 }),
  });
  assert.equal(plans.length, 1);
  assert.equal(nodesByName(workflow).get('retry')?.message, 'retryStrategy.expression evaluated to false');
});

test('retry backoff waits through requeueAfter', () => {
  const { actions, workflow } = drive(withStrategy({ limit: 2, backoff: { duration: '10s', factor: 2 } }), {
    script: () => ({ phase: 'Failed' }),
  });
  const requeues = actions
    .filter((a) => a.type === 'requeueAfter')
    .map((a) => (a.type === 'requeueAfter' ? a.seconds : 0));
  assert.ok(requeues.includes(10), `requeues ${requeues}`);
  assert.ok(requeues.includes(20), `requeues ${requeues}`);
  const nodes = nodesByName(workflow);
  const gap =
    Date.parse(String(nodes.get('retry(1)')?.startedAt)) -
    Date.parse(String(nodes.get('retry(0)')?.finishedAt));
  assert.equal(gap, 10_000);
});

test('retry backoff maxDuration gives up', () => {
  const { workflow } = drive(
    withStrategy({ limit: 10, backoff: { duration: '10s', factor: 2, maxDuration: '25s' } }),
    {
      script: () => ({ phase: 'Failed' }),
    },
  );
  assert.equal(nodesByName(workflow).get('retry')?.message, 'Max duration limit exceeded');
});

test('retry expression: the template tags ({{inputs.parameters.x}}) are substituted before evaluating', () => {
  const wf = withStrategy({
    limit: 5,
    expression: 'asInt(lastRetry.exitCode) > 1 && ({{inputs.parameters.safe}} == true)',
  });
  const tmpl = wf.spec.templates?.[0];
  if (tmpl) tmpl.inputs = { parameters: [{ name: 'safe', value: 'true' }] };
  const { plans, workflow } = drive(wf, {
    script: (p) => ({ phase: 'Failed', exitCode: p.containers[0]?.command[2]?.endsWith('exit(2)') ? 1 : 2 }),
  });
  assert.equal(plans.length, 3);
  assert.equal(workflow.status?.phase, 'Failed');
  assert.equal(nodesByName(workflow).get('retry')?.message, 'retryStrategy.expression evaluated to false');
});

test('spec.retryStrategy is the default for templates without their own', () => {
  const wf = workflowFromYaml(`
metadata: {name: wfretry}
spec:
  entrypoint: main
  retryStrategy: {limit: "2"}
  templates:
    - name: main
      container: {image: alpine, command: [sh, -c, "exit 1"]}
`);
  let calls = 0;
  const { workflow, plans } = drive(wf, {
    script: () => (++calls < 2 ? { phase: 'Failed', exitCode: 1 } : {}),
  });
  assert.equal(plans.length, 2);
  assert.equal(workflow.status?.phase, 'Succeeded');
  assert.equal(nodesByName(workflow).get('wfretry')?.type, 'Retry');
});

test('retry: every attempt of a step gets the step arguments, not only the first', () => {
  const wf = workflowFromYaml(`
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: args}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: say
        template: say
        arguments: {parameters: [{name: word, value: again}]}
  - name: say
    inputs: {parameters: [{name: word}]}
    retryStrategy: {limit: 2}
    container: {image: busybox, command: [echo, "{{inputs.parameters.word}}"]}
`);
  let attempts = 0;
  const { workflow, plans } = drive(wf, { script: () => (++attempts < 3 ? { phase: 'Failed' } : {}) });
  assert.equal(workflow.status?.phase, 'Succeeded', workflow.status?.message);
  assert.deepEqual(
    plans.map((p) => p.containers[0]?.args?.[0] ?? p.containers[0]?.command[1]),
    ['again', 'again', 'again'],
  );
});
