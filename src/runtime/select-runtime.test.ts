import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValidationError } from '../errors/index.js';
import { EngineUnavailableError } from './container/engine-client.js';
import { checkRuntimeAvailable, requestedRuntime } from './select-runtime.js';

test('--runtime / ARGOSY_RUNTIME: host by default, a bad name is a ValidationError', () => {
  assert.equal(requestedRuntime({}), 'host');
  assert.equal(requestedRuntime({ ARGOSY_RUNTIME: 'container' }), 'container');
  assert.equal(requestedRuntime({ ARGOSY_RUNTIME: 'auto' }), 'auto');
  assert.throws(() => requestedRuntime({ ARGOSY_RUNTIME: 'docker' }), ValidationError);
});

test('the container runtime with no engine fails at once with the place it looked', async () => {
  await assert.rejects(
    checkRuntimeAvailable({ ARGOSY_RUNTIME: 'container', DOCKER_HOST: 'unix:///nonexistent/argosy.sock' }),
    (err: unknown) =>
      err instanceof EngineUnavailableError && /DOCKER_HOST=unix:\/\/\/nonexistent/.test(err.message),
  );
  await checkRuntimeAvailable({ ARGOSY_RUNTIME: 'host' });
});
