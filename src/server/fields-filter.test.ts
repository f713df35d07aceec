import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fieldsFilter } from './fields-filter.js';

const list = {
  metadata: { resourceVersion: '7', continue: 'c' },
  items: [
    { metadata: { name: 'a', uid: '1' }, status: { phase: 'Running', nodes: { x: {} } } },
    { metadata: { name: 'b', uid: '2' }, status: { phase: 'Failed' } },
  ],
};

test('include paths through arrays', () => {
  assert.deepEqual(fieldsFilter('metadata.continue,items.metadata.name,items.status.phase')(list), {
    metadata: { continue: 'c' },
    items: [
      { metadata: { name: 'a' }, status: { phase: 'Running' } },
      { metadata: { name: 'b' }, status: { phase: 'Failed' } },
    ],
  });
});

test('exclude paths with a leading -', () => {
  const out = fieldsFilter('-items.status.nodes,metadata')(list) as typeof list;
  assert.equal((out as { metadata?: unknown }).metadata, undefined);
  assert.deepEqual(out.items[0], { metadata: { name: 'a', uid: '1' }, status: { phase: 'Running' } });
  assert.equal(list.items[0]?.status.nodes !== undefined, true, 'the input is not changed');
});

test('no fields: the value itself', () => {
  assert.equal(fieldsFilter(undefined)(list), list);
  assert.equal(fieldsFilter('  ')(list), list);
});
