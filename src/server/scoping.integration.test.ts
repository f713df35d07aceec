/**
 * `--namespaced NS` and `--instance-id ID`: the server serves one namespace, labels the workflows it
 * creates with its instance id, and its controller runs only those.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { homesForThisFile } from '../cli/testing/run-cli.js';
import type { Workflow } from '../spec/types.js';
import { SqliteStore } from '../store/index.js';
import { shellWorkflow, waitForPhase } from './testing/fixtures.js';
import { request, type ServerProcess, startServer } from './testing/server-process.js';

let server: ServerProcess | undefined;
after(async () => {
  if (server?.child.exitCode === null) await server.stop();
});
const homes = homesForThisFile();

test('one namespace, one instance id', async () => {
  const h = homes();
  server = await startServer(h, ['--namespaced', 'ns1', '--instance-id', 'blue']);
  const url = server.url;
  const other = await request(url, 'POST', '/api/v1/workflows/ns2', {
    workflow: shellWorkflow('x-', 'true'),
  });
  assert.equal(other.status, 400);
  assert.match(String(other.body.message), /manages namespace "ns1" only/);
  assert.equal((await request(url, 'GET', '/api/v1/workflows/ns2')).status, 400);
  const info = await request(url, 'GET', '/api/v1/info');
  assert.equal(info.body.managedNamespace, 'ns1');

  const mine = await request<Workflow>(url, 'POST', '/api/v1/workflows/ns1', {
    workflow: shellWorkflow('mine-', 'true'),
  });
  assert.equal(mine.body.metadata.labels?.['workflows.argoproj.io/controller-instanceid'], 'blue');
  assert.equal((await waitForPhase(url, 'ns1', mine.body.metadata.name ?? '')).status?.phase, 'Succeeded');

  // Written straight into the store: one unlabelled (another controller's) in ns1, one labelled in ns2.
  const store = await SqliteStore.open({ path: join(h, 'argosy.db') });
  try {
    const base = shellWorkflow('', 'true') as unknown as Workflow;
    await store.create({
      ...base,
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      metadata: { name: 'foreign', namespace: 'ns1' },
    });
    await store.create({
      ...base,
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      metadata: {
        name: 'elsewhere',
        namespace: 'ns2',
        labels: { 'workflows.argoproj.io/controller-instanceid': 'blue' },
      },
    });
  } finally {
    await store.close();
  }
  const control = await request<Workflow>(url, 'POST', '/api/v1/workflows/ns1', {
    workflow: shellWorkflow('after-', 'true'),
  });
  await waitForPhase(url, 'ns1', control.body.metadata.name ?? '');
  await sleep(1000);
  const foreign = await request<Workflow>(url, 'GET', '/api/v1/workflows/ns1/foreign');
  assert.equal(foreign.body.status?.phase, undefined, 'an unlabelled workflow is left to its own controller');
  const check = await SqliteStore.open({ path: join(h, 'argosy.db') });
  try {
    const elsewhere = await check.get<Workflow>('Workflow', 'ns2', 'elsewhere');
    assert.equal(elsewhere.status?.phase, undefined, 'a workflow outside the namespace is not run');
  } finally {
    await check.close();
  }
});

test('SIGTERM with a watch stream open: the stream ends and the server exits 0', async () => {
  assert.ok(server);
  const { readStream } = await import('./testing/server-process.js');
  const watching = readStream(server.url, '/api/v1/workflow-events/ns1', { sse: true, timeoutMs: 30_000 });
  await sleep(500);
  const started = Date.now();
  assert.equal(await server.stop(), 0);
  const stream = await watching;
  assert.equal(stream.status, 200);
  assert.ok(stream.messages.length >= 2, 'the stream had sent the stored workflows');
  assert.ok(Date.now() - started < 15_000, 'shutdown does not wait for the stream to end by itself');
  assert.match(server.output(), /argosy server stopped/);
});
