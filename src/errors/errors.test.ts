import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConflictError, exitCodeOf, httpStatusOf, NotFoundError, ValidationError } from './index.js';

test('errors map to HTTP status and exit codes in one place', () => {
  assert.equal(httpStatusOf(new ValidationError('spec.entrypoint', 'is required')), 400);
  assert.equal(httpStatusOf(new NotFoundError('workflow x not found')), 404);
  assert.equal(httpStatusOf(new ConflictError('stale resourceVersion')), 409);
  assert.equal(httpStatusOf(new Error('boom')), 500);
  assert.equal(exitCodeOf(new ValidationError('a', 'b')), 1);
  assert.equal(exitCodeOf(new Error('boom')), 2);
});

test('ValidationError names the field path', () => {
  const err = new ValidationError('spec.templates[0].name', 'must be a DNS-1123 label');
  assert.equal(err.message, 'spec.templates[0].name: must be a DNS-1123 label');
  assert.equal(err.name, 'ValidationError');
});
