import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LockRef } from '../engine/gate-types.js';
import type { Resource } from '../store/index.js';
import { MemoryStore } from '../store/index.js';
import { LockManager, type WorkflowRef } from './lock-manager.js';

const MUTEX: LockRef = { key: 'ns/Mutex/m', kind: 'mutex' };
const SEM: LockRef = {
  key: 'ns/ConfigMap/limits/sem',
  kind: 'semaphore',
  configMap: { namespace: 'ns', name: 'limits', key: 'sem' },
};

async function workflow(store: MemoryStore, name: string, phase = 'Running'): Promise<WorkflowRef> {
  const created = await store.create<Resource & { status?: unknown; spec?: unknown }>({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name, namespace: 'ns' },
    spec: { entrypoint: 'x' },
    status: { phase },
  });
  return { namespace: 'ns', name, uid: created.metadata.uid ?? '' };
}

function request(
  wf: WorkflowRef,
  locks: LockRef[],
  priority = 0,
  created = '2024-01-01T00:00:00Z',
  nodeId = '',
) {
  return { workflow: wf, nodeId, locks, priority, creationTimestamp: created };
}

async function limits(store: MemoryStore, sem: string): Promise<void> {
  const existing = await store
    .get<Resource & { data?: Record<string, string> }>('ConfigMap', 'ns', 'limits')
    .catch(() => undefined);
  if (existing) await store.update({ ...existing, data: { sem } });
  else
    await store.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'limits', namespace: 'ns' },
      data: { sem },
    } as Resource);
}

test('a mutex: one holder, the next waits with holders shown, release hands it over', async () => {
  const store = new MemoryStore();
  const locks = new LockManager(store);
  const a = await workflow(store, 'a');
  const b = await workflow(store, 'b');
  assert.equal((await locks.acquire(request(a, [MUTEX]))).acquired, true);
  const waiting = await locks.acquire(request(b, [MUTEX]));
  assert.equal(waiting.acquired, false);
  assert.equal(waiting.message, 'Waiting for ns/Mutex/m lock. Lock status: 0/1');
  assert.deepEqual(waiting.waiting, [{ key: 'ns/Mutex/m', kind: 'mutex', holders: ['ns/a'] }]);
  await locks.release(a, '', [MUTEX]);
  assert.equal((await locks.acquire(request(b, [MUTEX]))).acquired, true);
  assert.deepEqual(
    (await locks.state(MUTEX.key))?.holders.map((h) => h.holder),
    ['ns/b'],
  );
});

test('semaphore limits come from the ConfigMap, read on every acquire; missing ConfigMap or key is an error', async () => {
  const store = new MemoryStore();
  const locks = new LockManager(store);
  const [a, b, c] = [await workflow(store, 'a'), await workflow(store, 'b'), await workflow(store, 'c')];
  const missing = await locks.acquire(request(a, [SEM]));
  assert.equal(
    missing.error,
    'failed to acquire lock ns/ConfigMap/limits/sem: configmaps "limits" not found',
  );
  await store.create({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'limits', namespace: 'ns' },
    data: { other: '1' },
  } as Resource);
  const noKey = await locks.acquire(request(a, [SEM]));
  assert.match(noKey.error ?? '', /key "sem" not found in ConfigMap ns\/limits/);
  await limits(store, '2');
  assert.equal((await locks.acquire(request(a, [SEM]))).acquired, true);
  assert.equal((await locks.acquire(request(b, [SEM]))).acquired, true);
  const third = await locks.acquire(request(c, [SEM]));
  assert.equal(third.message, 'Waiting for ns/ConfigMap/limits/sem lock. Lock status: 0/2');
  await limits(store, '3');
  assert.equal((await locks.acquire(request(c, [SEM]))).acquired, true);
});

test('queue order decides who gets a freed lock: priority, then creation time', async () => {
  const store = new MemoryStore();
  const locks = new LockManager(store);
  const holder = await workflow(store, 'holder');
  const old = await workflow(store, 'old');
  const urgent = await workflow(store, 'urgent');
  await locks.acquire(request(holder, [MUTEX]));
  await locks.acquire(request(old, [MUTEX], 0, '2024-01-01T00:00:01Z'));
  await locks.acquire(request(urgent, [MUTEX], 10, '2024-01-01T00:00:05Z'));
  await locks.release(holder, '', [MUTEX]);
  assert.equal((await locks.acquire(request(old, [MUTEX], 0, '2024-01-01T00:00:01Z'))).acquired, false);
  assert.equal((await locks.acquire(request(urgent, [MUTEX], 10, '2024-01-01T00:00:05Z'))).acquired, true);
});

test('no lock is leaked by a dead holder: deleted, completed or re-created workflows are dropped', async () => {
  const store = new MemoryStore();
  const locks = new LockManager(store);
  for (const end of ['delete', 'complete', 'recreate'] as const) {
    const dead = await workflow(store, `dead-${end}`);
    const next = await workflow(store, `next-${end}`);
    const key: LockRef = { key: `ns/Mutex/${end}`, kind: 'mutex' };
    assert.equal((await locks.acquire(request(dead, [key]))).acquired, true);
    assert.equal((await locks.acquire(request(next, [key]))).acquired, false);
    const stored = await store.get<Resource & { status?: { phase?: string } }>('Workflow', 'ns', dead.name);
    if (end === 'complete') await store.update({ ...stored, status: { phase: 'Succeeded' } });
    else {
      await store.delete('Workflow', 'ns', dead.name);
      if (end === 'recreate') await workflow(store, dead.name);
    }
    assert.equal((await locks.acquire(request(next, [key]))).acquired, true, end);
  }
});

test('a node holder is dead once its node is fulfilled', async () => {
  const store = new MemoryStore();
  const locks = new LockManager(store);
  const wf = await workflow(store, 'w');
  const other = await workflow(store, 'o');
  const stored = await store.get<Resource & { status?: Record<string, unknown> }>('Workflow', 'ns', 'w');
  await store.update({
    ...stored,
    status: { phase: 'Running', nodes: { 'w-1': { id: 'w-1', name: 'w.a', type: 'Pod', phase: 'Running' } } },
  });
  assert.equal((await locks.acquire(request(wf, [MUTEX], 0, '2024-01-01T00:00:00Z', 'w-1'))).acquired, true);
  assert.equal((await locks.acquire(request(other, [MUTEX]))).acquired, false);
  const running = await store.get<Resource & { status?: Record<string, unknown> }>('Workflow', 'ns', 'w');
  await store.update({
    ...running,
    status: {
      phase: 'Running',
      nodes: { 'w-1': { id: 'w-1', name: 'w.a', type: 'Pod', phase: 'Succeeded' } },
    },
  });
  assert.equal((await locks.acquire(request(other, [MUTEX]))).acquired, true);
});

test('several locks: all or none are held', async () => {
  const store = new MemoryStore();
  const locks = new LockManager(store);
  await limits(store, '1');
  const a = await workflow(store, 'a');
  const b = await workflow(store, 'b');
  assert.equal((await locks.acquire(request(a, [SEM]))).acquired, true);
  const both = await locks.acquire(request(b, [MUTEX, SEM]));
  assert.equal(both.acquired, false);
  assert.deepEqual((await locks.state(MUTEX.key))?.holders, [], 'the mutex taken first was given back');
  await locks.releaseWorkflow('ns', 'a');
  assert.equal((await locks.acquire(request(b, [MUTEX, SEM]))).acquired, true);
});
