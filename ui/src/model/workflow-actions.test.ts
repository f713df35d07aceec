import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Workflow } from '../api/types.ts';
import { availableActions, isSuspended } from './workflow-actions.ts';

const wf = (phase: string | undefined, extra: Partial<Workflow> = {}): Workflow => ({
  metadata: { name: 'w' },
  spec: {},
  ...(phase ? { status: { phase } } : {}),
  ...extra,
});

test('a running workflow can be suspended, stopped, terminated, deleted', () => {
  assert.deepEqual(availableActions(wf('Running')), ['suspend', 'stop', 'terminate', 'delete']);
  assert.deepEqual(availableActions(wf(undefined)), ['suspend', 'stop', 'terminate', 'delete']);
});

test('a workflow waiting at a suspend node offers resume instead of suspend', () => {
  const w = wf('Running', {
    status: {
      phase: 'Running',
      nodes: { a: { id: 'a', name: 'w.approve', type: 'Suspend', phase: 'Running' } },
    },
  });
  assert.equal(isSuspended(w), true);
  assert.deepEqual(availableActions(w), ['resume', 'stop', 'terminate', 'delete']);
  assert.equal(isSuspended(wf('Running', { spec: { suspend: true } })), true);
});

test('finished workflows: retry only after failure, resubmit always', () => {
  assert.deepEqual(availableActions(wf('Succeeded')), ['resubmit', 'delete']);
  assert.deepEqual(availableActions(wf('Failed')), ['retry', 'resubmit', 'delete']);
  assert.deepEqual(availableActions(wf('Error')), ['retry', 'resubmit', 'delete']);
});
