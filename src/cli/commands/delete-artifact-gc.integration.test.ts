/**
 * `argosy delete` and the artifact GC finalizer on the embedded store, against a real S3 server
 * (s3rver on loopback) that is stopped and started again on the same port and data: a workflow whose
 * OnWorkflowDeletion artifacts cannot be deleted stays, being deleted, with ArtifactGCError; once the
 * repository is back the next attempt deletes them and the workflow. forceFinalizerRemoval and
 * `--force` let it go while the repository is down.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FlakyS3 } from '../../artifacts/testing/flaky-s3.js';
import { useS3Repository } from '../../artifacts/testing/servers.js';
import { ARTIFACT_GC_ERROR, ARTIFACT_GC_FINALIZER } from '../../controller/artifact-gc-finalizer.js';
import { expectOk, homesForThisFile, REPO_ROOT, readWorkflow, runCli } from '../testing/run-cli.js';

const fixture = (name: string) => join(REPO_ROOT, 'testdata', 'artifacts', name);
const newHome = homesForThisFile();

describe('argosy delete with artifactGC OnWorkflowDeletion on S3', () => {
  const s3 = new FlakyS3('deletion-gc');
  before(() => s3.up());
  after(() => s3.remove());

  const keysOf = (prefix: string) => s3.keys(prefix);

  async function submit(home: string, file: string): Promise<string> {
    const r = expectOk(
      await runCli(['submit', '--wait', fixture(file), '-o', 'name'], { home, timeoutMs: 90_000 }),
      'submit',
    );
    const name = r.stdout.trim();
    const wf = await readWorkflow(home, name);
    assert.equal(wf?.status?.phase, 'Succeeded', wf?.status?.message);
    assert.deepEqual(wf?.metadata.finalizers, [ARTIFACT_GC_FINALIZER], 'held from its first write');
    return name;
  }

  it('keeps the workflow while the repository is down, and deletes it once it is back', async () => {
    const home = newHome();
    await useS3Repository(home, s3.asServer);
    const name = await submit(home, 'deletion-gc.yaml');
    const before = await keysOf(name);
    assert.equal(before.length, 2, before.join(', '));

    await s3.down();
    try {
      const pending = expectOk(await runCli(['delete', name], { home, timeoutMs: 60_000 }), 'delete (down)');
      assert.match(pending.stdout, /is being deleted: it is kept \(condition ArtifactGCError\)/);
      assert.match(pending.stderr, /warning: workflow .*failed to delete artifact 'scratch'/);
      const kept = await readWorkflow(home, name);
      assert.ok(kept, 'the workflow stays');
      assert.ok(kept.metadata.deletionTimestamp);
      assert.deepEqual(kept.metadata.finalizers, [ARTIFACT_GC_FINALIZER]);
      const condition = kept.status?.conditions?.find((c) => c.type === ARTIFACT_GC_ERROR);
      assert.match(condition?.message ?? '', /failed to delete artifact 'scratch'/);
      assert.equal(kept.status?.phase, 'Succeeded');
      // argosy get says it is being deleted, and why it is kept.
      const shown = expectOk(await runCli(['get', name], { home }), 'get').stdout;
      assert.match(shown, /^Deleting: .*workflows\.argoproj\.io\/artifact-gc$/m);
      assert.match(shown, /^ArtifactGCError: .*failed to delete artifact 'scratch'/m);
    } finally {
      await s3.up();
    }

    const done = expectOk(await runCli(['delete', name], { home, timeoutMs: 60_000 }), 'delete (back)');
    assert.match(done.stdout, new RegExp(`Workflow '${name}' deleted`));
    assert.equal(await readWorkflow(home, name), undefined);
    const left = await keysOf(name);
    assert.deepEqual(
      left.map((k) => k.split('/').pop()),
      ['notes.tgz'],
      'the scratch artifact went, notes (strategy Never) stayed',
    );
  });

  it('forceFinalizerRemoval deletes the workflow even though the repository is down', async () => {
    const home = newHome();
    await useS3Repository(home, s3.asServer);
    const name = await submit(home, 'deletion-gc-forced.yaml');
    await s3.down();
    try {
      const r = expectOk(await runCli(['delete', name], { home, timeoutMs: 60_000 }), 'delete');
      assert.match(r.stdout, new RegExp(`Workflow '${name}' deleted`));
      assert.match(r.stderr, /forceFinalizerRemoval: deleted anyway/);
      assert.equal(await readWorkflow(home, name), undefined);
    } finally {
      await s3.up();
    }
    assert.equal((await keysOf(name)).length, 2, 'its artifacts stay');
  });

  it('argosy delete --force lets a workflow stuck on its artifacts go', async () => {
    const home = newHome();
    await useS3Repository(home, s3.asServer);
    const name = await submit(home, 'deletion-gc.yaml');
    await s3.down();
    try {
      expectOk(await runCli(['delete', name], { home, timeoutMs: 60_000 }), 'delete');
      assert.ok(await readWorkflow(home, name));
      const r = expectOk(await runCli(['delete', '--force', name], { home }), 'delete --force');
      assert.match(r.stdout, new RegExp(`Workflow '${name}' deleted`));
      assert.equal(await readWorkflow(home, name), undefined);
    } finally {
      await s3.up();
    }
  });
});
