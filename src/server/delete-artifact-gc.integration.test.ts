/**
 * DELETE /api/v1/workflows/{ns}/{name} and the artifact GC finalizer on a real `argosy server`, with
 * an S3 repository that is down at deletion time: the reply is 200, the workflow stays (being
 * deleted, with ArtifactGCError); once the repository is back, the server's controller retries and
 * the workflow goes, with its OnWorkflowDeletion artifact.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import YAML from 'yaml';
import { FlakyS3 } from '../artifacts/testing/flaky-s3.js';
import { useS3Repository } from '../artifacts/testing/servers.js';
import { expectOk, homesForThisFile, REPO_ROOT, runCli, waitFor } from '../cli/testing/run-cli.js';
import { ARTIFACT_GC_ERROR, ARTIFACT_GC_FINALIZER } from '../controller/artifact-gc-finalizer.js';
import type { Workflow } from '../spec/types.js';
import { waitForPhase } from './testing/fixtures.js';
import { request, type ServerProcess, startServer } from './testing/server-process.js';

const NS = 'default'; // where useS3Repository puts the credentials
const s3 = new FlakyS3('server-deletion-gc');
let server: ServerProcess;
const home = homesForThisFile();
const fixture = () =>
  YAML.parse(readFileSync(`${REPO_ROOT}/testdata/artifacts/deletion-gc.yaml`, 'utf8')) as Workflow;

async function runToSuccess(name: string): Promise<void> {
  const workflow = fixture();
  workflow.metadata = { name };
  const created = await request(server.url, 'POST', `/api/v1/workflows/${NS}`, { namespace: NS, workflow });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  const wf = await waitForPhase(server.url, NS, name, undefined, undefined, 60_000);
  assert.equal(wf.status?.phase, 'Succeeded', wf.status?.message);
  assert.deepEqual(wf.metadata.finalizers, [ARTIFACT_GC_FINALIZER]);
}

before(async () => {
  await s3.up();
  const serverHome = home();
  await useS3Repository(serverHome, s3.asServer);
  server = await startServer(serverHome);
});
after(async () => {
  await server.stop();
  await s3.remove();
});

test('a workflow whose artifacts cannot be deleted stays until the repository is back, then goes', async () => {
  await runToSuccess('server-gc');
  assert.equal((await s3.keys('server-gc')).length, 2);

  await s3.down();
  let back = false;
  try {
    const deleted = await request(server.url, 'DELETE', `/api/v1/workflows/${NS}/server-gc`);
    assert.equal(deleted.status, 200, JSON.stringify(deleted.body));
    const kept = await request<Workflow>(server.url, 'GET', `/api/v1/workflows/${NS}/server-gc`);
    assert.equal(kept.status, 200, 'the workflow stays while its artifacts cannot be deleted');
    assert.ok(kept.body.metadata.deletionTimestamp);
    const condition = kept.body.status?.conditions?.find((c) => c.type === ARTIFACT_GC_ERROR);
    assert.match(condition?.message ?? '', /failed to delete artifact 'scratch'/);
    await s3.up();
    back = true;
  } finally {
    if (!back) await s3.up();
  }
  // No request now: the controller's retry (backoff) finds the repository back.
  await waitFor(
    'the workflow to go',
    async () => (await request(server.url, 'GET', `/api/v1/workflows/${NS}/server-gc`)).status === 404,
    60_000,
    250,
  );
  assert.deepEqual(
    (await s3.keys('server-gc')).map((k) => k.split('/').pop()),
    ['notes.tgz'],
  );
});

test('argosy delete --server says the workflow is kept; --force deletes it without its artifacts', async () => {
  await runToSuccess('cli-gc');
  const env = { ARGOSY_SERVER: server.url };
  await s3.down();
  try {
    const kept = expectOk(
      await runCli(['delete', 'cli-gc'], { home: home(), env, timeoutMs: 60_000 }),
      'delete',
    );
    assert.match(kept.stdout, /Workflow 'cli-gc' is being deleted: it is kept \(condition ArtifactGCError\)/);
    assert.match(kept.stderr, /failed to delete artifact 'scratch'/);
    const forced = expectOk(
      await runCli(['delete', '--force', 'cli-gc'], { home: home(), env }),
      'delete --force',
    );
    assert.equal(forced.stdout, "Workflow 'cli-gc' deleted\n");
    const gone = await request(server.url, 'GET', `/api/v1/workflows/${NS}/cli-gc`);
    assert.equal(gone.status, 404);
  } finally {
    await s3.up();
  }
  assert.equal((await s3.keys('cli-gc')).length, 2, 'its artifacts stay');
});
