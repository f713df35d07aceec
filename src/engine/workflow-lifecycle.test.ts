import assert from 'node:assert/strict';
import { test } from 'node:test';
import { prepareSubmission } from './cli/prepare-submission.js';
import { retryWorkflow } from './cli/retry-workflow.js';
import { resumeWorkflow, stopWorkflow, terminateWorkflow } from './cli/workflow-operations.js';
import { reconcile } from './reconcile.js';
import { drive, nodesByName, phases } from './testing/driver.js';
import { loadFixture, workflowFromYaml } from './testing/fixtures.js';

test('exit handler runs at wf.onExit with workflow.status and workflow.failures', () => {
  const { workflow, plans } = drive(loadFixture('exit-handler'), {
    script: (p) => (p.templateName === 'fail' ? { phase: 'Failed' } : {}),
  });
  const exit = nodesByName(workflow).get('exits.onExit');
  assert.equal(exit?.phase, 'Succeeded');
  assert.equal(exit?.boundaryID, undefined);
  const args = plans.at(-1)?.containers[0]?.command ?? [];
  assert.equal(args[1], 'Failed');
  const failures: { displayName: string; message: string; phase: string; podName: string }[] = JSON.parse(
    args[2] ?? '[]',
  );
  const pod = failures.find((f) => f.displayName === 'fail');
  assert.equal(pod?.message, 'Error (exit code 1)');
  assert.equal(pod?.phase, 'Failed');
  assert.match(pod?.podName ?? '', /^exits-fail-\d+$/);
  // Like Argo, every failed node is listed, not only pods: the failed root steps node too.
  assert.ok(failures.some((f) => f.displayName === 'exits' && f.phase === 'Failed'));
  assert.equal(workflow.status?.phase, 'Failed');
});

test('a failing exit handler fails a succeeded workflow', () => {
  const { workflow } = drive(loadFixture('exit-handler'), {
    script: (p) => (p.templateName === 'exit-handler' ? { phase: 'Failed' } : {}),
  });
  assert.equal(workflow.status?.phase, 'Failed');
  assert.equal(workflow.status?.message, 'Error (exit code 1)');
});

test('suspend template: waits for resume with supplied outputs, then duration via requeueAfter', () => {
  let resumed = false;
  const { workflow, plans, actions } = drive(loadFixture('suspend'), {
    before: (wf, call) => {
      if (call === 3 && !resumed) {
        resumed = true;
        return resumeWorkflow(wf, {
          nodeFieldSelector: 'displayName=approve',
          outputParameters: { answer: 'yes' },
        });
      }
      return undefined;
    },
  });
  assert.equal(workflow.status?.phase, 'Succeeded');
  assert.equal(nodesByName(workflow).get('susp[0].approve')?.type, 'Suspend');
  assert.equal(plans[0]?.containers[0]?.command[1], 'yes');
  assert.ok(actions.some((a) => a.type === 'requeueAfter' && a.seconds === 20));
  const wait = nodesByName(workflow).get('susp[1].wait');
  assert.ok(Date.parse(String(wait?.finishedAt)) - Date.parse(String(wait?.startedAt)) >= 20_000);
});

test('spec.suspend holds new work until resumed', () => {
  const wf = loadFixture('steps');
  wf.spec.suspend = true;
  const r = reconcile({ workflow: wf, observations: [], now: '2024-01-01T00:00:00Z' });
  assert.equal(r.actions.filter((a) => a.type === 'startPod').length, 0);
  const { workflow } = drive(resumeWorkflow(wf), {
    script: () => ({ parameters: { word: 'w' }, result: 'r' }),
  });
  assert.equal(workflow.status?.phase, 'Succeeded');
});

for (const mode of ['Stop', 'Terminate'] as const) {
  test(`shutdown ${mode}: pods stopped, workflow Failed, exit handler ${mode === 'Stop' ? 'runs' : 'skipped'}`, () => {
    const { workflow, actions } = drive(loadFixture('exit-handler'), {
      script: () => ({ runFor: 100 }),
      before: (wf, call) =>
        call === 2 ? (mode === 'Stop' ? stopWorkflow(wf) : terminateWorkflow(wf)) : undefined,
    });
    const stop = actions.find((a) => a.type === 'stopPod');
    assert.equal(stop?.type === 'stopPod' && stop.reason, mode.toLowerCase());
    assert.equal(workflow.status?.phase, 'Failed');
    assert.equal(
      nodesByName(workflow).get('exits[0].fail')?.message,
      `workflow shutdown with strategy:  ${mode}`,
    );
    assert.equal(nodesByName(workflow).has('exits.onExit'), mode === 'Stop');
  });
}

test('activeDeadlineSeconds stops pods and fails the workflow', () => {
  const wf = loadFixture('steps');
  wf.spec.activeDeadlineSeconds = 5;
  const { workflow, actions, plans } = drive(wf, { script: () => ({ runFor: 100 }) });
  assert.equal(plans[0]?.activeDeadlineSeconds, 5);
  assert.ok(actions.some((a) => a.type === 'stopPod' && a.reason === 'deadline'));
  assert.equal(workflow.status?.phase, 'Failed');
  assert.equal(nodesByName(workflow).get('steps[0].generate')?.message, 'Step exceeded its deadline');
});

test('lostPods: Pending pods start again, Running pods fail with "pod deleted"', () => {
  const wf = loadFixture('hello');
  const first = reconcile({ workflow: wf, observations: [], now: '2024-01-01T00:00:00Z' });
  assert.equal(first.actions[0]?.type, 'startPod');
  const again = reconcile({
    workflow: wf,
    observations: [],
    now: '2024-01-01T00:00:01Z',
    lostPods: ['hello'],
  });
  assert.equal(again.actions[0]?.type, 'startPod');
  reconcile({
    workflow: wf,
    observations: [{ podName: 'hello', nodeId: 'hello', phase: 'Running', containers: [] }],
    now: '2024-01-01T00:00:02Z',
  });
  const lost = reconcile({
    workflow: wf,
    observations: [],
    now: '2024-01-01T00:00:03Z',
    lostPods: ['hello'],
  });
  assert.equal(lost.status.phase, 'Error');
  assert.equal(lost.status.nodes?.hello?.message, 'pod deleted');
});

test('lostPodPolicy restart: a Running pod lost with its controller starts again', () => {
  const wf = loadFixture('hello');
  reconcile({ workflow: wf, observations: [], now: '2024-01-01T00:00:00Z' });
  reconcile({
    workflow: wf,
    observations: [{ podName: 'hello', nodeId: 'hello', phase: 'Running', containers: [] }],
    now: '2024-01-01T00:00:01Z',
  });
  const lost = reconcile({
    workflow: wf,
    observations: [],
    now: '2024-01-01T00:00:02Z',
    lostPods: ['hello'],
    lostPodPolicy: 'restart',
  });
  assert.equal(lost.actions[0]?.type, 'startPod');
  assert.notEqual(lost.status.phase, 'Error');
  assert.equal(lost.status.nodes?.hello?.phase, 'Pending');
});

test('a take-over makes an HTTP request in flight again; a later reconcile does not', () => {
  const wf = workflowFromYaml(`
metadata: {name: web}
spec:
  entrypoint: main
  templates:
    - name: main
      http: {url: "https://example.com/x"}
`);
  const first = reconcile({ workflow: wf, observations: [], now: '2024-01-01T00:00:00Z' });
  assert.equal(first.actions.filter((a) => a.type === 'httpRequest').length, 1);
  assert.equal(first.status.nodes?.web?.phase, 'Running');
  const same = reconcile({ workflow: wf, observations: [], now: '2024-01-01T00:00:01Z' });
  assert.equal(same.actions.filter((a) => a.type === 'httpRequest').length, 0);
  const takeOver = reconcile({ workflow: wf, observations: [], now: '2024-01-01T00:00:02Z', lostPods: [] });
  assert.equal(takeOver.actions.filter((a) => a.type === 'httpRequest').length, 1);
  assert.equal(takeOver.status.nodes?.web?.phase, 'Running');
  const done = reconcile({
    workflow: wf,
    observations: [{ kind: 'http', nodeId: 'web', statusCode: 200, body: 'ok' }],
    now: '2024-01-01T00:00:03Z',
  });
  assert.equal(done.status.phase, 'Succeeded');
});

test('http template: request action, successCondition, result', () => {
  const yaml = `
metadata: {name: web}
spec:
  entrypoint: main
  templates:
    - name: main
      http:
        url: "https://example.com/{{workflow.name}}"
        successCondition: "response.statusCode == 201"
`;
  const { workflow, actions } = drive(workflowFromYaml(yaml), {
    http: () => ({ statusCode: 201, body: 'made' }),
  });
  const req = actions.find((a) => a.type === 'httpRequest');
  assert.equal(req?.type === 'httpRequest' && req.request.url, 'https://example.com/web');
  assert.equal(workflow.status?.phase, 'Succeeded');
  assert.equal(workflow.status?.nodes?.web?.type, 'HTTP');
  assert.equal(workflow.status?.nodes?.web?.outputs?.result, 'made');
  const failed = drive(workflowFromYaml(yaml), { http: () => ({ statusCode: 500 }) });
  assert.equal(
    failed.workflow.status?.nodes?.web?.message,
    "successCondition 'response.statusCode == 201' evaluated false",
  );
  assert.equal(failed.workflow.status?.phase, 'Failed');
});

test('step-level exit handler and expression hooks', () => {
  const wf = workflowFromYaml(`
metadata: {name: hk}
spec:
  entrypoint: main
  hooks:
    running:
      expression: workflow.status == "Running"
      template: echo
  templates:
    - name: main
      steps:
        - - name: a
            template: echo
            onExit: echo
    - name: echo
      container: {image: alpine, command: [echo]}
`);
  const { workflow } = drive(wf);
  assert.equal(workflow.status?.phase, 'Succeeded');
  const p = phases(workflow);
  assert.equal(p['hk[0].a.onExit'], 'Succeeded');
  assert.equal(p['hk.hooks.running'], 'Succeeded');
});

test('retryWorkflow resets failed nodes and keeps succeeded ones', () => {
  let fail = true;
  const first = drive(loadFixture('steps'), {
    script: (p) =>
      p.templateName === 'print' && fail ? { phase: 'Failed' } : { parameters: { word: 'w' }, result: 'r' },
  });
  assert.equal(first.workflow.status?.phase, 'Failed');
  fail = false;
  const retried = retryWorkflow(first.workflow);
  assert.equal(retried.status?.phase, 'Running');
  assert.equal(nodesByName(retried).get('steps[0].generate')?.phase, 'Succeeded');
  const second = drive(retried, { script: () => ({ result: 'r' }) });
  assert.equal(second.workflow.status?.phase, 'Succeeded');
  assert.deepEqual(
    second.plans.map((p) => p.templateName),
    ['print', 'print'],
  );
});

test('prepareSubmission applies -p and entrypoint, validates enum', () => {
  const wf = loadFixture('hello');
  const out = prepareSubmission(wf, { parameters: { message: 'yo', extra: '1' }, entrypoint: 'main' });
  assert.deepEqual(out.spec.arguments?.parameters, [
    { name: 'message', value: 'yo' },
    { name: 'extra', value: '1' },
  ]);
  const withEnum = loadFixture('hello');
  const p = withEnum.spec.arguments?.parameters?.[0];
  if (p) p.enum = ['a', 'b'];
  assert.throws(() => prepareSubmission(withEnum, { parameters: { message: 'c' } }), /enum/);
});
