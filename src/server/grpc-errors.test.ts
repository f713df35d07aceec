import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AlreadyExistsError, ConflictError, NotFoundError, ValidationError } from '../errors/index.js';
import { PermissionDeniedError, toGatewayError, UnauthenticatedError } from './grpc-errors.js';

test('Argosy errors map to grpc-gateway codes and HTTP statuses', () => {
  const cases: Array<[unknown, number, number]> = [
    [new ValidationError('spec.x', 'bad'), 400, 3],
    [new NotFoundError('gone'), 404, 5],
    [new AlreadyExistsError('dup'), 409, 6],
    [new ConflictError('stale'), 409, 10],
    [new UnauthenticatedError('who'), 401, 16],
    [new PermissionDeniedError('no'), 403, 7],
  ];
  for (const [err, status, code] of cases) {
    const out = toGatewayError(err);
    assert.equal(out.status, status);
    assert.equal(out.body.code, code);
    assert.equal(out.body.message, (err as Error).message);
  }
});

test('unexpected errors say nothing of their insides; framework 4xx keep their status', () => {
  assert.deepEqual(toGatewayError(new Error('secret path /etc/x')), {
    status: 500,
    body: { code: 13, message: 'internal error' },
  });
  const tooLarge = Object.assign(new Error('Request body is too large'), { statusCode: 413 });
  assert.deepEqual(toGatewayError(tooLarge), {
    status: 413,
    body: { code: 8, message: 'Request body is too large' },
  });
});
