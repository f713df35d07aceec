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
