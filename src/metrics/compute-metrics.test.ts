import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NodeStatus, Workflow } from '../spec/types.js';
import { evaluateMetrics, nodeCompletionMetrics, workflowCompletionMetrics } from './compute-metrics.js';
import { metricsBlockProblems } from './metric-spec.js';

const T0 = '2026-01-01T00:00:00Z';
const T10 = '2026-01-01T00:00:10Z';

function workflow(nodes: Record<string, NodeStatus>, phase = 'Succeeded'): Workflow {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name: 'wf-1', namespace: 'ns' },
    spec: {
      entrypoint: 'main',
      metrics: {
        prometheus: [
          {
            name: 'wf_duration',
            help: 'Workflow duration',
            labels: [
              { key: 'wf', value: '{{workflow.name}}' },
              { key: 'status', value: '{{workflow.status}}' },
            ],
            gauge: { value: '{{workflow.duration}}' },
          },
        ],
      },
      templates: [
        {
          name: 'main',
          inputs: { parameters: [{ name: 'model' }] },
          metrics: {
            prometheus: [
              {
                name: 'result_counter',
                help: 'Results',
                labels: [
                  { key: 'status', value: '{{status}}' },
                  { key: 'model', value: '{{inputs.parameters.model}}' },
                ],
                counter: { value: '1' },
              },
              {
                name: 'failures',
                help: 'Failures',
                when: '{{status}} == Failed',
                counter: { value: '1' },
              },
              {
                name: 'score',
                help: 'Score',
                histogram: { buckets: [1, 5, 10], value: '{{outputs.parameters.score}}' },
              },
              { name: 'exit', help: 'Exit code', gauge: { value: '{{exitCode}}' } },
              { name: 'cpu', help: 'CPU seconds', gauge: { value: '{{resourcesDuration.cpu}}' } },
              { name: 'took', help: 'Duration', gauge: { value: '{{duration}}', realtime: true } },
            ],
          },
          container: { image: 'alpine' },
        },
      ],
    },
    status: { phase, startedAt: T0, finishedAt: T10, nodes },
  } as Workflow;
}

const node: NodeStatus = {
  id: 'wf-1',
  name: 'wf-1',
  type: 'Pod',
  templateName: 'main',
  phase: 'Succeeded',
  startedAt: T0,
  finishedAt: '2026-01-01T00:00:04Z',
  inputs: { parameters: [{ name: 'model', value: 'a' }] },
  outputs: { exitCode: '0', parameters: [{ name: 'score', value: '7' }] },
} as NodeStatus;

test('a completed node emits its template metrics with status, inputs, outputs, exit code and duration', () => {
  const wf = workflow({ [node.id]: node });
  const { samples, errors } = nodeCompletionMetrics(wf, node, Date.parse(T10));
  assert.deepEqual(errors, []);
  const byName = new Map(samples.map((s) => [s.name, s]));
  assert.deepEqual(byName.get('argo_workflows_result_counter'), {
    name: 'argo_workflows_result_counter',
    help: 'Results',
    kind: 'counter',
    labels: { status: 'Succeeded', model: 'a' },
    value: 1,
  });
  assert.equal(byName.has('argo_workflows_failures'), false, 'when: false emits nothing');
  assert.equal(byName.get('argo_workflows_score')?.value, 7);
  assert.deepEqual(byName.get('argo_workflows_score')?.buckets, [1, 5, 10]);
  assert.equal(byName.get('argo_workflows_exit')?.value, 0);
  // No resourcesDuration recorded: Argo's default requests (1 CPU) make it the seconds it ran.
  assert.equal(byName.get('argo_workflows_cpu')?.value, 4);
  // A realtime gauge's final value is the node's duration.
  assert.equal(byName.get('argo_workflows_took')?.value, 4);
});

test('the when condition sees the node status', () => {
  const failed = { ...node, phase: 'Failed', outputs: { exitCode: '1' } } as NodeStatus;
  const wf = workflow({ [failed.id]: failed });
  const { samples, errors } = nodeCompletionMetrics(wf, failed, Date.parse(T10));
  assert.ok(samples.some((s) => s.name === 'argo_workflows_failures'));
  // score has no output parameter: an error naming the template and metric, not a sample.
  assert.equal(errors.length, 1);
  assert.match(errors[0] ?? '', /template main\.metrics\.prometheus\[2\] \(score\)/);
});

test('a completed workflow emits spec.metrics with workflow.duration and workflow.status', () => {
  const { samples, errors } = workflowCompletionMetrics(workflow({}, 'Failed'), Date.parse(T10));
  assert.deepEqual(errors, []);
  assert.deepEqual(samples, [
    {
      name: 'argo_workflows_wf_duration',
      help: 'Workflow duration',
      kind: 'gauge',
      labels: { wf: 'wf-1', status: 'Failed' },
      value: 10,
      operation: undefined,
    },
  ]);
});

test('a value that is not a number is an error, not a sample', () => {
  const r = evaluateMetrics(
    [{ name: 'x', help: 'h', gauge: { realtime: false, value: '{{v}}' } }],
    { v: 'abc' },
    'spec',
  );
  assert.deepEqual(r.samples, []);
  assert.match(r.errors[0] ?? '', /gauge\.value "abc" is not a number/);
});

test('a substituted name is checked again', () => {
  const r = evaluateMetrics([{ name: 'm_{{v}}', help: 'h', counter: { value: '1' } }], { v: 'a-b' }, 'spec');
  assert.match(r.errors[0] ?? '', /metric name "m_a-b" is invalid/);
});

test('definitions are checked with their field paths', () => {
  const problems = metricsBlockProblems(
    {
      prometheus: [
        { name: 'bad-name', help: 'h', counter: { value: '1' } },
        { name: 'no_help', counter: { value: '1' } },
        { name: 'two', help: 'h', counter: { value: '1' }, gauge: { value: '1' } },
        { name: 'hist', help: 'h', histogram: { value: '1', buckets: [] } },
        { name: 'rt', help: 'h', gauge: { value: '{{status}}', realtime: true } },
        { name: 'lbl', help: 'h', labels: [{ key: '1x', value: 'v' }], counter: { value: '1' } },
        { name: 'ok', help: 'h', labels: [{ key: 'k', value: '{{status}}' }], counter: { value: '1' } },
      ],
    },
    ['spec', 'metrics'],
  );
  const at = problems.map((p) => `${p.path.join('.')}: ${p.message}`);
  assert.deepEqual(at, [
    'spec.metrics.prometheus.0.name: metric name "bad-name" is invalid: use only letters, digits, "_" and ":" (not starting with a digit)',
    'spec.metrics.prometheus.1.help: metric "no_help" needs a help text',
    'spec.metrics.prometheus.2: metric "two" must have exactly one of gauge, counter and histogram',
    'spec.metrics.prometheus.3.histogram.buckets: histogram "hist" needs buckets',
    'spec.metrics.prometheus.4.gauge.value: metric "rt": a realtime gauge\'s value must be "{{duration}}" or "{{workflow.duration}}"',
    'spec.metrics.prometheus.5.labels.0.key: metric label key "1x" is invalid: use only letters, digits and "_" (not starting with a digit)',
  ]);
});
