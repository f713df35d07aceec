import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WorkQueue } from './work-queue.js';

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

test('a key is de-duplicated while queued', async () => {
  const seen: string[] = [];
  const q = new WorkQueue(
    async (k) => {
      seen.push(k);
      if (k === 'block') await tick(10);
    },
    { workers: 1 },
  );
  q.add('block');
  q.add('a');
  q.add('a');
  q.add('b');
  q.add('a');
  await q.idle();
  assert.deepEqual(seen, ['block', 'a', 'b']);
  q.close();
});

test('a key is never processed by two workers at once, and re-runs if added while processing', async () => {
  let running = 0;
  let maxRunning = 0;
  let runs = 0;
  const q = new WorkQueue(
    async () => {
      running++;
      runs++;
      maxRunning = Math.max(maxRunning, running);
      await tick(10);
      running--;
    },
    { workers: 4 },
  );
  q.add('k');
  await tick(1);
  q.add('k');
  q.add('k');
  await q.idle();
  assert.equal(maxRunning, 1);
  assert.equal(runs, 2);
  q.close();
});

test('different keys run in parallel up to the worker count', async () => {
  let running = 0;
  let maxRunning = 0;
  const q = new WorkQueue(
    async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await tick(10);
      running--;
    },
    { workers: 2 },
  );
  for (const k of ['a', 'b', 'c', 'd']) q.add(k);
  await q.idle();
  assert.equal(maxRunning, 2);
  q.close();
});

test('a failing handler is retried with backoff', async () => {
  let calls = 0;
  const errors: unknown[] = [];
  const q = new WorkQueue(
    async () => {
      calls++;
      if (calls < 3) throw new Error('transient');
    },
    { workers: 1, baseBackoffMs: 1, onError: (_k, e) => errors.push(e) },
  );
  q.add('x');
  for (let i = 0; i < 50 && calls < 3; i++) await tick(5);
  assert.equal(calls, 3);
  assert.equal(errors.length, 2);
  q.close();
});

test('addAfter keeps the earliest schedule', async () => {
  const seen: number[] = [];
  const start = Date.now();
  const q = new WorkQueue(async () => void seen.push(Date.now() - start), { workers: 1 });
  q.addAfter('k', 200);
  q.addAfter('k', 10);
  for (let i = 0; i < 40 && seen.length === 0; i++) await tick(5);
  assert.equal(seen.length, 1);
  assert.ok((seen[0] ?? 999) < 150);
  q.close();
});
