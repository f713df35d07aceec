import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NodeStatus, Workflow } from '../spec/types.js';
import { CustomMetricsRegistry } from './custom-metrics-registry.js';
import { MetricsRecorder } from './metrics-recorder.js';

const T0 = '2026-01-01T00:00:00Z';

function wf(nodes: NodeStatus[], phase: string): Workflow {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name: 'w', namespace: 'ns' },
    spec: {
      entrypoint: 'flaky',
      metrics: {
        prometheus: [
          { name: 'wf_live', help: 'Live', gauge: { realtime: true, value: '{{workflow.duration}}' } },
        ],
      },
      templates: [
        {
          name: 'flaky',
          retryStrategy: { limit: 2 },
          metrics: {
            prometheus: [
              {
                name: 'runs',
                help: 'Runs',
                labels: [{ key: 'status', value: '{{status}}' }],
                counter: { value: '1' },
              },
            ],
          },
          container: { image: 'alpine' },
        },
      ],
    },
    status: { phase, startedAt: T0, nodes: Object.fromEntries(nodes.map((n) => [n.id, n])) },
  } as Workflow;
}

const retry = (phase: string): NodeStatus =>
  ({
    id: 'r',
    name: 'w',
    type: 'Retry',
    templateName: 'flaky',
    phase,
    startedAt: T0,
    children: ['a0', 'a1'],
  }) as NodeStatus;
const attempt = (id: string, phase: string): NodeStatus =>
  ({ id, name: `w(${id})`, type: 'Pod', templateName: 'flaky', phase, startedAt: T0 }) as NodeStatus;

test('a completion is emitted once, by the Retry node and not by its attempts; realtime gauges start when running', () => {
  const registry = new CustomMetricsRegistry();
  const logged: string[] = [];
  const recorder = new MetricsRecorder({
    registry,
    now: () => Date.parse(T0) + 3000,
    log: (m) => logged.push(m),
  });
  recorder.afterReconcile(wf([retry('Running'), attempt('a0', 'Failed')], 'Running'), ['r', 'a0']);
  assert.match(registry.render(Date.parse(T0) + 2000), /argo_workflows_wf_live 2\n/);
  assert.doesNotMatch(registry.render(0), /argo_workflows_runs/);
  const done = wf([retry('Succeeded'), attempt('a0', 'Failed'), attempt('a1', 'Succeeded')], 'Running');
  recorder.afterReconcile(done, ['r', 'a1']);
  recorder.afterReconcile(done, ['r']);
  const text = registry.render(0);
  assert.match(text, /argo_workflows_runs\{status="Succeeded"\} 1\n/);
  assert.doesNotMatch(text, /status="Failed"/);
  assert.deepEqual(logged, []);
});
