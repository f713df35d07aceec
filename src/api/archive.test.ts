import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Workflow } from '../spec/types.js';
import { MemoryStore } from '../store/index.js';
import { Archiver } from './archive.js';
import { ArchivedWorkflows } from './archived-workflows.js';

function done(
  name: string,
  phase: string,
  finishedAt: string,
  labels: Record<string, string> = {},
): Workflow {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name, namespace: 'ns', labels },
    spec: { entrypoint: 'main', templates: [{ name: 'main', suspend: {} }] },
    status: {
      phase,
      finishedAt,
      nodes: { [name]: { id: name, name, displayName: name, type: 'Suspend', phase } },
    },
  } as Workflow;
}

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await sleep(20);
  }
  throw new Error('timed out');
}

test('completed workflows are archived once (with nodes), running ones not; the archive outlives the workflow', async () => {
  const store = new MemoryStore();
  const a = await store.create(done('a', 'Succeeded', '2026-01-01T00:00:00Z', { team: 'x' }));
  await store.create({ ...done('r', 'Running', ''), status: { phase: 'Running' } });
  const archiver = new Archiver(store);
  const second = new Archiver(store);
  await archiver.start();
  await second.start();
  const archive = new ArchivedWorkflows(store);
  await until(async () => (await archive.list({})).items.length === 1);
  await archiver.stop();
  await second.stop();
  const got = await archive.get(a.metadata.uid ?? '');
  assert.equal(got.metadata.name, 'a');
  assert.equal(got.kind, 'Workflow');
  assert.ok(got.status?.nodes?.a);
  assert.equal((await archive.list({})).items[0]?.status?.nodes, undefined);
  await store.delete('Workflow', 'ns', 'a');
  assert.equal((await archive.get(a.metadata.uid ?? '')).metadata.name, 'a');
  assert.deepEqual(await archive.labelKeys('ns'), ['team']);
  assert.deepEqual(await archive.labelValues('team', 'ns'), ['x']);
  await assert.rejects(archive.get(a.metadata.uid ?? '', 'other-ns'), /not found/);
});

test('the TTL sweep deletes archived workflows finished before now - ttl', async () => {
  const store = new MemoryStore();
  await store.create(done('old', 'Failed', '2026-01-01T00:00:00Z'));
  await store.create(done('new', 'Succeeded', '2026-01-09T00:00:00Z'));
  const archiver = new Archiver(store, {
    ttlMs: 3 * 86_400_000,
    sweepEveryMs: 3_600_000,
    now: () => new Date('2026-01-10T00:00:00Z'),
  });
  await archiver.start();
  const archive = new ArchivedWorkflows(store);
  await until(async () => (await archive.list({})).items.length === 2);
  assert.equal(await archiver.sweep(), 1);
  await archiver.stop();
  assert.deepEqual(
    (await archive.list({})).items.map((w) => w.metadata.name),
    ['new'],
  );
});
