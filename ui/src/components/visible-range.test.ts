import assert from 'node:assert/strict';
import { test } from 'node:test';
import { visibleRange } from './visible-range.ts';

test('only the rows in view and the overscan are rendered', () => {
  assert.deepEqual(visibleRange(0, 400, 40, 10_000, 5), { start: 0, end: 16 });
  assert.deepEqual(visibleRange(4000, 400, 40, 10_000, 5), { start: 95, end: 116 });
  assert.deepEqual(visibleRange(399_600, 400, 40, 10_000, 5), { start: 9985, end: 10_000 });
  assert.deepEqual(visibleRange(-50, 400, 40, 3, 5), { start: 0, end: 3 });
  assert.deepEqual(visibleRange(0, 400, 40, 0, 5), { start: 0, end: 0 });
});

test('a scroll position left over from a longer list still shows the rows there are', () => {
  // Scrolled to the end of a page of 50, then the next page has 5 rows.
  assert.deepEqual(visibleRange(1800, 600, 44, 5, 10), { start: 0, end: 5 });
  assert.deepEqual(visibleRange(100_000, 400, 40, 100, 5), { start: 85, end: 100 });
});
