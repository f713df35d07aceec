import assert from 'node:assert/strict';
import { test } from 'node:test';
import { visibleRange } from './visible-range.ts';

test('only the rows in view and the overscan are rendered', () => {
  assert.deepEqual(visibleRange(0, 400, 40, 10_000, 5), { start: 0, end: 16 });
  assert.deepEqual(visibleRange(4000, 400, 40, 10_000, 5), { start: 95, end: 116 });
  assert.deepEqual(visibleRange(399_800, 400, 40, 10_000, 5), { start: 9990, end: 10_000 });
  assert.deepEqual(visibleRange(-50, 400, 40, 3, 5), { start: 0, end: 3 });
  assert.deepEqual(visibleRange(0, 400, 40, 0, 5), { start: 0, end: 0 });
});
