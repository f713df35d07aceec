import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryStore, type Resource } from '../store/index.js';
import { lookupMemo, saveMemo } from './memo-cache.js';

const at = { namespace: 'ns', cacheName: 'c', key: 'k' };

test('save creates the labelled cache ConfigMap, lookup reads the entry back, a second key keeps the first', async () => {
  const store = new MemoryStore();
  assert.deepEqual(await lookupMemo(store, 'ns', 'c', 'k'), {});
  await saveMemo(
    store,
    at,
    'wf-1',
    { parameters: [{ name: 'p', value: 'v' }] },
    new Date('2024-01-01T00:00:00.123Z'),
  );
  await saveMemo(store, { ...at, key: 'k2' }, 'wf-2', {}, new Date('2024-01-01T00:00:01Z'));
  const found = await lookupMemo(store, 'ns', 'c', 'k');
  assert.deepEqual(found, {
    entry: {
      nodeID: 'wf-1',
      outputs: { parameters: [{ name: 'p', value: 'v' }] },
      creationTimestamp: '2024-01-01T00:00:00Z',
      lastHitTimestamp: '2024-01-01T00:00:00Z',
    },
  });
  assert.ok('entry' in (await lookupMemo(store, 'ns', 'c', 'k2')));
});

test('a ConfigMap without the Cache label is refused, as Argo refuses it', async () => {
  const store = new MemoryStore();
  await store.create({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'c', namespace: 'ns' },
    data: { k: '{}' },
  } as Resource);
  assert.deepEqual(await lookupMemo(store, 'ns', 'c', 'k'), {
    error:
      "memoization configmap doesn't have workflows.argoproj.io/configmap-type label, refusing to use it",
  });
  await assert.rejects(saveMemo(store, at, 'n', {}, new Date()), /refusing to use it/);
});

test('an unreadable entry is a miss', async () => {
  const store = new MemoryStore();
  await store.create({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'c', namespace: 'ns', labels: { 'workflows.argoproj.io/configmap-type': 'Cache' } },
    data: { k: 'not json' },
  } as Resource);
  assert.deepEqual(await lookupMemo(store, 'ns', 'c', 'k'), {});
});

test("a lookup with a clock writes the entry's lastHitTimestamp, as Argo's cache does on a load", async () => {
  const store = new MemoryStore();
  await saveMemo(store, at, 'wf-1', { result: 'r' }, new Date('2024-01-01T00:00:00Z'));
  const found = await lookupMemo(store, 'ns', 'c', 'k', new Date('2024-01-02T03:04:05.600Z'));
  assert.ok('entry' in found);
  assert.equal(found.entry?.creationTimestamp, '2024-01-01T00:00:00Z');
  assert.equal(found.entry?.lastHitTimestamp, '2024-01-02T03:04:05Z');
  const again = await lookupMemo(store, 'ns', 'c', 'k');
  assert.ok('entry' in again);
  assert.equal(again.entry?.lastHitTimestamp, '2024-01-02T03:04:05Z', 'stored in the ConfigMap');
  assert.deepEqual(await lookupMemo(store, 'ns', 'c', 'missing', new Date()), {});
});
