import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  decideAcquire,
  type LockEntry,
  type LockState,
  queueOrder,
  removeEntries,
  yieldHolding,
} from './lock-state.js';

function entry(workflow: string, priority = 0, created = '2024-01-01T00:00:00Z'): LockEntry {
  return {
    holder: `ns/${workflow}`,
    namespace: 'ns',
    workflow,
    uid: workflow,
    nodeId: '',
    priority,
    creationTimestamp: created,
  };
}

const empty: LockState = { key: 'ns/ConfigMap/cm/k', kind: 'semaphore', holders: [], waiting: [] };

test('queue order: higher priority first, then older creationTimestamp', () => {
  const list = [
    entry('new-low', 0, '2024-01-01T00:00:05Z'),
    entry('old-low', 0, '2024-01-01T00:00:01Z'),
    entry('new-high', 5, '2024-01-01T00:00:09Z'),
  ].sort(queueOrder);
  assert.deepEqual(
    list.map((e) => e.workflow),
    ['new-high', 'old-low', 'new-low'],
  );
});

test("a semaphore of limit 2 admits two, queues the third with Argo's message; holders are idempotent", () => {
  let d = decideAcquire(empty, entry('a'), 2);
  assert.equal(d.acquired, true);
  d = decideAcquire(d.state, entry('b'), 2);
  assert.equal(d.acquired, true);
  d = decideAcquire(d.state, entry('c'), 2);
  assert.equal(d.acquired, false);
  assert.equal(d.message, 'Waiting for ns/ConfigMap/cm/k lock. Lock status: 0/2');
  assert.deepEqual(
    d.state.waiting.map((e) => e.workflow),
    ['c'],
  );
  const again = decideAcquire(d.state, entry('a'), 2);
  assert.equal(again.acquired, true);
  assert.equal(again.state, d.state);
});

test('a free slot goes to the front of the queue, not to whoever asks first', () => {
  let state: LockState = { ...empty, holders: [entry('holder')] };
  state = decideAcquire(state, entry('old', 0, '2024-01-01T00:00:01Z'), 1).state;
  state = decideAcquire(state, entry('urgent', 9, '2024-01-01T00:00:09Z'), 1).state;
  state = removeEntries(state, (e) => e.workflow === 'holder');
  const old = decideAcquire(state, entry('old', 0, '2024-01-01T00:00:01Z'), 1);
  assert.equal(old.acquired, false);
  assert.equal(old.message, 'Waiting for ns/ConfigMap/cm/k lock. Lock status: 1/1');
  const urgent = decideAcquire(old.state, entry('urgent', 9, '2024-01-01T00:00:09Z'), 1);
  assert.equal(urgent.acquired, true);
  assert.deepEqual(
    urgent.state.waiting.map((e) => e.workflow),
    ['old'],
  );
});

test('yieldHolding puts a holder back in the queue at its place', () => {
  const held = decideAcquire(empty, entry('a'), 1).state;
  const back = yieldHolding(held, 'ns/a');
  assert.deepEqual(back.holders, []);
  assert.deepEqual(
    back.waiting.map((e) => e.workflow),
    ['a'],
  );
});
