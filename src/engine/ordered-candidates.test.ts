import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OrderedCandidates } from './ordered-candidates.js';

describe('OrderedCandidates', () => {
  const order = new Map(['a', 'b', 'c', 'd', 'e'].map((t, i) => [t, i]));
  const make = () => new OrderedCandidates((t) => order.get(t) ?? 0);

  it('reads candidates in task order whatever order they were added in', () => {
    const c = make();
    for (const t of ['d', 'b', 'e', 'a', 'c', 'b']) c.add(t);
    assert.deepEqual([...c], ['a', 'b', 'c', 'd', 'e']);
    assert.equal(c.size, 5);
  });

  it('deletes, re-adds, and keeps a snapshot apart from later changes', () => {
    const c = make();
    for (const t of ['c', 'a', 'e']) c.add(t);
    const before = c.snapshot();
    assert.equal(c.delete('a'), true);
    assert.equal(c.delete('a'), false);
    c.add('b');
    assert.deepEqual(before, ['a', 'c', 'e']);
    assert.deepEqual(c.snapshot(), ['b', 'c', 'e']);
    assert.equal(c.has('a'), false);
    assert.equal(c.has('b'), true);
  });

  it('keeps tasks of equal (unknown) rank in the order they were added, as a stable sort did', () => {
    const c = make();
    for (const t of ['x', 'b', 'y', 'a', 'z']) c.add(t);
    assert.deepEqual(c.snapshot(), ['x', 'y', 'a', 'z', 'b']);
    c.delete('y');
    c.add('y');
    assert.deepEqual(c.snapshot(), ['x', 'a', 'z', 'y', 'b']);
  });
});
