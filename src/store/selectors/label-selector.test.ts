import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValidationError } from '../../errors/index.js';
import { labelKeyError, labelValueError, matchesLabels, parseLabelSelector } from './label-selector.js';

test('parses every operator into in / notin / exists / !exists', () => {
  assert.deepEqual(parseLabelSelector('a=b, c==d,e!=f,g in (h, i),j notin (k),l,!m,example.com/n='), [
    { key: 'a', operator: 'in', values: ['b'] },
    { key: 'c', operator: 'in', values: ['d'] },
    { key: 'e', operator: 'notin', values: ['f'] },
    { key: 'g', operator: 'in', values: ['h', 'i'] },
    { key: 'j', operator: 'notin', values: ['k'] },
    { key: 'l', operator: 'exists', values: [] },
    { key: 'm', operator: '!exists', values: [] },
    { key: 'example.com/n', operator: 'in', values: [''] },
  ]);
  assert.deepEqual(parseLabelSelector(''), []);
  assert.deepEqual(parseLabelSelector(undefined), []);
});

test('bad syntax names the selector', () => {
  assert.throws(
    () => parseLabelSelector('a in (b'),
    (err: Error) =>
      err instanceof ValidationError &&
      err.message === 'labelSelector: expected "," or ")" in a value set in "a in (b"',
  );
  assert.throws(() => parseLabelSelector('a in ()'), /value set cannot be empty/);
  assert.throws(() => parseLabelSelector('!'), /expected a label key/);
  assert.throws(() => parseLabelSelector('a=b=c'), /unexpected "="/);
});

test('matching follows Kubernetes: notin and != match a missing label', () => {
  const [notin] = parseLabelSelector('a notin (x)');
  assert.ok(notin && matchesLabels([notin], {}));
  assert.ok(!matchesLabels(parseLabelSelector('a=x'), undefined));
  assert.ok(matchesLabels(parseLabelSelector('a,!b'), { a: '' }));
});

test('label keys and values are validated', () => {
  assert.equal(labelKeyError('workflows.argoproj.io/phase'), undefined);
  assert.match(labelKeyError('UPPER.example/x') ?? '', /prefix/);
  assert.match(labelKeyError('x'.repeat(64)) ?? '', /1-63/);
  assert.equal(labelValueError(''), undefined);
  assert.match(labelValueError('-x') ?? '', /invalid label value/);
});
