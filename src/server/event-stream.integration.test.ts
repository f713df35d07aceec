/**
 * GET /api/v1/stream/events/{namespace} on a real `argosy server` with tokens: the lifecycle events of
 * a workflow reach a watcher as server-sent events, in Argo's Event shape; a token for one namespace
 * cannot watch another, and sees none of its events.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { expectOk, homesForThisFile, runCli } from '../cli/testing/run-cli.js';
import type { KubeEvent } from './lifecycle-events.js';
import { readStream, request, type ServerProcess, startServer } from './testing/server-process.js';
import { contractProblems, swaggerPresent } from './testing/swagger-contract.js';

let server: ServerProcess;
const homes = homesForThisFile();
const tokens: Record<string, string> = {};
after(async () => {
  await server.stop();
});

before(async () => {
  const home = homes();
  const token = async (args: string[]) =>
    expectOk(await runCli(['auth', 'token', 'create', ...args], { home }), 'token').stdout.trim();
  tokens.root = await token(['--all-namespaces', '--role', 'admin']);
  tokens.viewerA = await token(['-n', 'ev-a', '--role', 'viewer']);
  server = await startServer(home, ['--auth-mode', 'client']);
});

function twoSteps(name: string, failSecond: boolean) {
  return {
    metadata: { name },
    spec: {
      entrypoint: 'main',
      templates: [
        { name: 'main', steps: [[{ name: 'one', template: 'ok' }], [{ name: 'two', template: 'last' }]] },
        { name: 'ok', container: { image: 'alpine', command: ['true'] } },
        {
          name: 'last',
          container: { image: 'alpine', command: ['sh', '-c', failSecond ? 'exit 3' : 'true'] },
        },
      ],
    },
  };
}

/** The namespace's list resourceVersion: a stream from it sees every change after. */
async function listVersion(ns: string): Promise<string> {
  const r = await request<{ metadata: { resourceVersion: string } }>(
    server.url,
    'GET',
    `/api/v1/workflows/${ns}`,
    undefined,
    tokens.root,
  );
  assert.equal(r.status, 200);
  return r.body.metadata.resourceVersion;
}

const completed = (m: Record<string, unknown>) =>
  ['WorkflowSucceeded', 'WorkflowFailed'].includes((m.result as KubeEvent | undefined)?.reason ?? '');

test('a workflow run streams Running, node and completion events as server-sent events', async () => {
  const rv = await listVersion('ev-a');
  const watching = readStream(
    server.url,
    `/api/v1/stream/events/ev-a?listOptions.resourceVersion=${rv}&listOptions.fieldSelector=involvedObject.kind%3DWorkflow,involvedObject.name%3Dfails`,
    { sse: true, token: tokens.viewerA, until: completed, timeoutMs: 60_000 },
  );
  const created = await request(
    server.url,
    'POST',
    '/api/v1/workflows/ev-a',
    { workflow: twoSteps('fails', true) },
    tokens.root,
  );
  assert.equal(created.status, 200, JSON.stringify(created.body));
  const other = await request(
    server.url,
    'POST',
    '/api/v1/workflows/ev-a',
    { workflow: twoSteps('other', false) },
    tokens.root,
  );
  assert.equal(other.status, 200);
  const stream = await watching;
  assert.equal(stream.status, 200, stream.raw);
  assert.match(stream.contentType, /text\/event-stream/);
  const events = stream.messages.map((m) => m.result as KubeEvent);
  for (const e of events) {
    assert.equal(e.involvedObject.name, 'fails', 'the field selector keeps one workflow');
    if (swaggerPresent()) assert.deepEqual(contractProblems('io.k8s.api.core.v1.Event', e), []);
  }
  const reasons = events.map((e) =>
    `${e.reason} ${e.metadata.annotations?.['workflows.argoproj.io/node-name'] ?? ''}`.trim(),
  );
  assert.equal(reasons[0], 'WorkflowRunning');
  assert.equal(reasons.at(-1), 'WorkflowFailed');
  for (const expected of [
    'WorkflowNodeRunning fails',
    'WorkflowNodeSucceeded fails[0].one',
    'WorkflowNodeFailed fails[1].two',
  ]) {
    assert.ok(reasons.includes(expected), `${expected} in ${reasons.join(', ')}`);
  }
  const failedNode = events.find(
    (e) => e.reason === 'WorkflowNodeFailed' && e.message.includes('fails[1].two'),
  );
  assert.equal(failedNode?.type, 'Warning');
});

test('a token for one namespace cannot watch the events of another', async () => {
  const denied = await readStream(server.url, '/api/v1/stream/events/ev-b', {
    sse: true,
    token: tokens.viewerA,
  });
  assert.equal(denied.status, 403, denied.raw);
  const all = await readStream(server.url, '/api/v1/stream/events/', { sse: true, token: tokens.viewerA });
  assert.notEqual(all.status, 200, 'every namespace is not one namespace');
  const anonymous = await readStream(server.url, '/api/v1/stream/events/ev-a', { sse: true });
  assert.equal(anonymous.status, 401);
});
