import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValidationError } from '../../errors/index.js';
import { matchesFields, parseFieldSelector } from './field-selector.js';

test('parses =, == and != on the selectable fields', () => {
  assert.deepEqual(parseFieldSelector('metadata.name=a, status.phase!=Running,metadata.namespace==ns'), [
    { field: 'metadata.name', operator: '=', value: 'a' },
    { field: 'status.phase', operator: '!=', value: 'Running' },
    { field: 'metadata.namespace', operator: '=', value: 'ns' },
  ]);
});

test('unsupported fields and bad syntax are ValidationErrors', () => {
  assert.throws(
    () => parseFieldSelector('spec.x=1'),
    (e: Error) => e instanceof ValidationError && /not supported/.test(e.message),
  );
  assert.throws(() => parseFieldSelector('metadata.name'), ValidationError);
});

test('matches an object, an absent phase being ""', () => {
  const obj = { metadata: { name: 'a', namespace: 'ns' }, status: { phase: 'Running' } };
  assert.ok(matchesFields(parseFieldSelector('status.phase=Running,metadata.name=a'), obj));
  assert.ok(matchesFields(parseFieldSelector('status.phase='), { metadata: { name: 'b' } }));
});
