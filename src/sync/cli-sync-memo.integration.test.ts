/**
 * The CLI end to end (real processes, one ARGOSY_HOME each): ConfigMaps applied with
 * `argosy configmap apply` feed semaphores and hold the memoization cache; a missing semaphore
 * ConfigMap errors the workflow; ttlStrategy deletes a workflow with no command but the submit.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  expectOk,
  homesForThisFile,
  REPO_ROOT,
  readWorkflow,
  runCli,
  waitFor,
} from '../cli/testing/run-cli.js';
import type { Workflow } from '../spec/types.js';

const DATA = join(REPO_ROOT, 'testdata', 'sync-memo');
const home = homesForThisFile();

describe('argosy CLI: synchronization, memoization, ttlStrategy', () => {
  it('memoizes a step across submissions through the cache ConfigMap', { timeout: 60_000 }, async () => {
    const h = home();
    const first = expectOk(
      await runCli(['submit', '--wait', join(DATA, 'memoized.yaml'), '-o', 'json'], { home: h }),
      'first submit',
    );
    const one = JSON.parse(first.stdout) as Workflow;
    const second = expectOk(
      await runCli(['submit', '--wait', join(DATA, 'memoized.yaml'), '-o', 'json'], { home: h }),
      'second submit',
    );
    const two = JSON.parse(second.stdout) as Workflow;
    const node = (wf: Workflow) => wf.status?.nodes?.[wf.metadata.name ?? ''];
    assert.deepEqual(node(one)?.memoizationStatus, { hit: false, key: 'hello-v1', cacheName: 'my-cache' });
    assert.deepEqual(node(two)?.memoizationStatus, { hit: true, key: 'hello-v1', cacheName: 'my-cache' });
    const stamp = (wf: Workflow) => node(wf)?.outputs?.parameters?.find((p) => p.name === 'stamp')?.value;
    assert.ok(stamp(one));
    assert.equal(stamp(two), stamp(one), "the second run restored the first one's output");
    const logs = await runCli(['logs', two.metadata.name ?? ''], { home: h });
    assert.doesNotMatch(logs.stdout, /ran/, 'the memoized step did not run');
    const cm = expectOk(
      await runCli(['configmap', 'get', 'my-cache', '-o', 'json'], { home: h }),
      'configmap get',
    );
    const entry = JSON.parse(JSON.parse(cm.stdout).data['hello-v1']);
    assert.equal(entry.nodeID, one.metadata.name);
  });

  it('a semaphore whose ConfigMap is missing errors the workflow with the reason', {
    timeout: 60_000,
  }, async () => {
    const h = home();
    const r = await runCli(['submit', '--wait', join(DATA, 'semaphore-missing.yaml'), '-o', 'json'], {
      home: h,
    });
    assert.equal(r.code, 1);
    const wf = JSON.parse(r.stdout) as Workflow;
    assert.equal(wf.status?.phase, 'Error');
    assert.equal(
      wf.status?.message,
      'failed to acquire lock default/ConfigMap/no-such-config/workflow: configmaps "no-such-config" not found',
    );
  });

  it('applies limits, runs under the semaphore, and ttlStrategy deletes the workflow in the background', {
    timeout: 60_000,
  }, async () => {
    const h = home();
    const applied = expectOk(
      await runCli(['configmap', 'apply', join(DATA, 'limits.yaml')], { home: h }),
      'apply',
    );
    assert.equal(applied.stdout, 'configmap/my-config created\n');
    const again = expectOk(
      await runCli(['configmap', 'apply', join(DATA, 'limits.yaml')], { home: h }),
      'apply again',
    );
    assert.equal(again.stdout, 'configmap/my-config configured\n');
    const refused = await runCli(['configmap', 'apply', join(DATA, 'memoized.yaml')], { home: h });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /Workflow .* is not a ConfigMap or Secret; nothing was applied/);
    const submitted = expectOk(
      await runCli(['submit', join(DATA, 'semaphore-ttl.yaml'), '-o', 'name'], { home: h }),
      'submit',
    );
    const name = submitted.stdout.trim();
    const done = await waitFor('workflow to succeed', async () => {
      const wf = await readWorkflow(h, name);
      return wf?.status?.phase === 'Succeeded' && wf;
    });
    const finished = Date.parse(String(done.status?.finishedAt));
    await waitFor(
      'ttlStrategy to delete it',
      async () => (await readWorkflow(h, name)) === undefined,
      20_000,
    );
    const after = Date.now() - finished;
    assert.ok(after >= 2000, `deleted ${after} ms after finishing, not before secondsAfterSuccess`);
  });
});
