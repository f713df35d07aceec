import assert from 'node:assert/strict';
import { test } from 'node:test';
import type Docker from 'dockerode';
import { exitCodeOf } from './container-wait.js';

function fake(answers: number[], states: Array<{ Status: string; ExitCode: number }>) {
  const conditions: string[] = [];
  const container = {
    wait: async ({ condition }: { condition: string }) => {
      conditions.push(condition);
      return { StatusCode: answers.shift() ?? 0 };
    },
    inspect: async () => ({ State: states.shift() }),
  } as unknown as Docker.Container;
  return { container, conditions };
}

test('a -1 from the engine wait is checked against the container state, never reported as the exit code', async () => {
  const ok = fake([0], []);
  assert.equal(await exitCodeOf(ok.container, 'next-exit'), 0);
  const running = fake([-1, 7], [{ Status: 'running', ExitCode: 0 }]);
  assert.equal(await exitCodeOf(running.container, 'next-exit'), 7);
  assert.deepEqual(running.conditions, ['next-exit', 'not-running']);
  const exited = fake([-1], [{ Status: 'exited', ExitCode: 3 }]);
  assert.equal(await exitCodeOf(exited.container, 'next-exit'), 3);
  const created = fake([-1, 0], [{ Status: 'created', ExitCode: 0 }]);
  assert.equal(await exitCodeOf(created.container, 'next-exit'), 0);
  assert.deepEqual(created.conditions, ['next-exit', 'next-exit']);
});
