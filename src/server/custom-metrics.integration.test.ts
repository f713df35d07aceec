/**
 * Custom metrics (`metrics.prometheus`) through a real `argosy server`: a workflow with workflow- and
 * template-level metrics runs on the host runtime, and /metrics then shows them in Prometheus text
 * format under the `argo_workflows_` prefix.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { homesForThisFile } from '../cli/testing/run-cli.js';
import type { Workflow } from '../spec/types.js';
import { waitForPhase } from './testing/fixtures.js';
import { request, type ServerProcess, startServer } from './testing/server-process.js';

const NS = 'metrics';
let server: ServerProcess;
const home = homesForThisFile();
before(async () => {
  server = await startServer(home());
});
after(async () => {
  await server.stop();
});

const workflow = {
  metadata: { name: 'scored' },
  spec: {
    entrypoint: 'main',
    arguments: { parameters: [{ name: 'model', value: 'model_a' }] },
    metrics: {
      prometheus: [
        {
          name: 'it_workflow_duration',
          help: 'Duration of the workflow',
          labels: [
            { key: 'name', value: '{{workflow.name}}' },
            { key: 'status', value: '{{workflow.status}}' },
          ],
          gauge: { realtime: false, value: '{{workflow.duration}}' },
        },
        {
          name: 'it_workflow_live',
          help: 'Realtime duration',
          gauge: { realtime: true, value: '{{workflow.duration}}' },
        },
      ],
    },
    templates: [
      {
        name: 'main',
        steps: [
          [
            {
              name: 'score',
              template: 'score',
              arguments: { parameters: [{ name: 'model', value: '{{workflow.parameters.model}}' }] },
            },
          ],
        ],
      },
      {
        name: 'score',
        inputs: { parameters: [{ name: 'model' }] },
        metrics: {
          prometheus: [
            {
              name: 'it_step_results',
              help: 'Steps by result',
              labels: [
                { key: 'status', value: '{{status}}' },
                { key: 'model', value: '{{inputs.parameters.model}}' },
              ],
              counter: { value: '1' },
            },
            {
              name: 'it_step_failures',
              help: 'Failed steps',
              when: '{{status}} == Failed',
              counter: { value: '1' },
            },
            {
              name: 'it_score',
              help: 'Score of the step',
              when: '{{status}} == Succeeded',
              histogram: { buckets: [5, 10], value: '{{outputs.result}}' },
            },
            { name: 'it_exit_code', help: 'Exit code', gauge: { realtime: false, value: '{{exitCode}}' } },
          ],
        },
        script: { image: 'alpine', command: ['sh'], source: 'echo 7' },
      },
    ],
  },
};

async function scrapeUntil(pattern: RegExp): Promise<string> {
  const deadline = Date.now() + 20_000;
  let text = '';
  while (Date.now() < deadline) {
    text = await (await fetch(`${server.url}/metrics`)).text();
    if (pattern.test(text)) return text;
    await sleep(100);
  }
  assert.fail(
    `/metrics never matched ${pattern}:\n${text
      .split('\n')
      .filter((l) => l.includes('it_'))
      .join('\n')}`,
  );
}

test('a workflow with custom metrics shows them on /metrics once it completes', async () => {
  const created = await request(server.url, 'POST', `/api/v1/workflows/${NS}`, { namespace: NS, workflow });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  const wf: Workflow = await waitForPhase(server.url, NS, 'scored');
  assert.equal(wf.status?.phase, 'Succeeded', JSON.stringify(wf.status?.message));
  const text = await scrapeUntil(/argo_workflows_it_workflow_duration\{/);
  assert.match(
    text,
    /# HELP argo_workflows_it_step_results Steps by result\n# TYPE argo_workflows_it_step_results counter\n/,
  );
  assert.match(text, /argo_workflows_it_step_results\{model="model_a",status="Succeeded"\} 1\n/);
  assert.doesNotMatch(text, /argo_workflows_it_step_failures/);
  assert.match(text, /# TYPE argo_workflows_it_score histogram\n/);
  assert.match(text, /argo_workflows_it_score_bucket\{le="5"\} 0\n/);
  assert.match(text, /argo_workflows_it_score_bucket\{le="10"\} 1\n/);
  assert.match(text, /argo_workflows_it_score_sum 7\n/);
  assert.match(text, /argo_workflows_it_exit_code 0\n/);
  assert.match(text, /argo_workflows_it_workflow_duration\{name="scored",status="Succeeded"\} [0-9.]+\n/);
  // The realtime gauge holds the final duration once the workflow has completed.
  const live = /argo_workflows_it_workflow_live ([0-9.]+)\n/.exec(text);
  assert.ok(live, 'realtime gauge present');
  const again = await (await fetch(`${server.url}/metrics`)).text();
  assert.equal(/argo_workflows_it_workflow_live ([0-9.]+)\n/.exec(again)?.[1], live[1]);
});

test('a workflow with a bad metric definition is refused, naming the field', async () => {
  const bad = {
    metadata: { generateName: 'bad-metric-' },
    spec: {
      entrypoint: 'main',
      metrics: { prometheus: [{ name: 'bad-name', help: 'h', counter: { value: '1' } }] },
      templates: [{ name: 'main', container: { image: 'alpine', command: ['true'] } }],
    },
  };
  const r = await request(server.url, 'POST', `/api/v1/workflows/${NS}`, { namespace: NS, workflow: bad });
  assert.equal(r.status, 400);
  assert.match(
    JSON.stringify(r.body),
    /spec\.metrics\.prometheus\[0\]\.name: metric name \\"bad-name\\" is invalid/,
  );
});
