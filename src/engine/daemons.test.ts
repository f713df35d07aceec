import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PodPlan } from '../runtime/pod-plan.js';
import { reconcile } from './reconcile.js';
import { workflowFromYaml } from './testing/fixtures.js';
import type { Action } from './types.js';

const WF = `
spec:
  entrypoint: main
  templates:
    - name: main
      steps:
        - - name: server
            template: server
        - - name: client
            template: client
            arguments:
              parameters: [{name: ip, value: "{{steps.server.ip}}"}]
    - name: server
      daemon: true
      container: {image: busybox, command: [sleep, "1000"]}
    - name: client
      inputs:
        parameters: [{name: ip}]
      container: {image: busybox, command: [wget, "http://{{inputs.parameters.ip}}/"]}
`;

const started = (actions: Action[]): PodPlan[] =>
  actions.flatMap((a) => (a.type === 'startPod' ? [a.plan] : []));

test('a daemon step is done once it runs, passes its IP on, and is stopped when its scope ends', () => {
  const wf = workflowFromYaml(WF);
  const first = reconcile({ workflow: wf, observations: [], now: '2024-01-01T00:00:00Z' });
  const server = started(first.actions)[0]!;
  assert.equal(server.templateName, 'server');
  const running = reconcile({
    workflow: wf,
    observations: [
      {
        podName: server.podName,
        nodeId: server.nodeId,
        phase: 'Running',
        podIP: '10.88.0.7',
        containers: [],
      },
    ],
    now: '2024-01-01T00:00:01Z',
  });
  const serverNode = running.status.nodes?.[server.nodeId];
  assert.equal(serverNode?.phase, 'Succeeded');
  assert.equal(serverNode?.daemoned, true);
  assert.equal(serverNode?.podIP, '10.88.0.7');
  assert.ok(!running.actions.some((a) => a.type === 'stopPod'), 'still running while its scope runs');
  const client = started(running.actions)[0]!;
  assert.deepEqual(client.containers[0]?.command, ['wget', 'http://10.88.0.7/']);
  const done = reconcile({
    workflow: wf,
    observations: [
      {
        podName: client.podName,
        nodeId: client.nodeId,
        phase: 'Succeeded',
        finishedAt: '2024-01-01T00:00:02Z',
        containers: [{ name: 'main', state: 'terminated', exitCode: 0 }],
      },
    ],
    now: '2024-01-01T00:00:02Z',
  });
  assert.equal(done.status.phase, 'Succeeded');
  assert.deepEqual(
    done.actions.filter((a) => a.type === 'stopPod'),
    [{ type: 'stopPod', podName: server.podName, reason: 'terminate' }],
  );
});

test('a daemon that exits before it is seen running fails like any step', () => {
  const wf = workflowFromYaml(WF);
  const first = reconcile({ workflow: wf, observations: [], now: '2024-01-01T00:00:00Z' });
  const server = started(first.actions)[0]!;
  const failed = reconcile({
    workflow: wf,
    observations: [
      {
        podName: server.podName,
        nodeId: server.nodeId,
        phase: 'Failed',
        message: 'Error (exit code 1)',
        containers: [{ name: 'main', state: 'terminated', exitCode: 1 }],
      },
    ],
    now: '2024-01-01T00:00:01Z',
  });
  assert.equal(failed.status.phase, 'Failed');
});
