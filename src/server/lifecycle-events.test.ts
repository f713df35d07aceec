import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NodeStatus, Workflow } from '../spec/types.js';
import { lifecycleEvents, NODE_NAME_ANNOTATION, seenPhasesOf } from './lifecycle-events.js';
import { matchesFields, parseEventFieldSelector } from './routes/event-stream.js';

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();

function wf(phase: string, nodes: Array<Partial<NodeStatus>>, message?: string): Workflow {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name: 'w', namespace: 'ns', uid: 'u1', resourceVersion: '7' },
    spec: {},
    status: {
      phase,
      message,
      startedAt: at(1),
      finishedAt: phase === 'Running' ? undefined : at(9),
      nodes: Object.fromEntries(nodes.map((n) => [n.id, { type: 'Pod', ...n } as NodeStatus])),
    },
  } as Workflow;
}

let n = 0;
const name = (w: string) => `${w}.${++n}`;

test('a run from start to failure gives Argo-style workflow and node events', () => {
  const running = wf('Running', [{ id: 'a', name: 'w.a', phase: 'Running', startedAt: at(2) }]);
  const first = lifecycleEvents(undefined, running, at(0), at(3), name);
  assert.deepEqual(
    first.map((e) => [e.reason, e.message, e.type, e.firstTimestamp]),
    [
      ['WorkflowRunning', 'Workflow Running', 'Normal', at(1)],
      ['WorkflowNodeRunning', 'Running node w.a', 'Normal', at(2)],
    ],
  );
  assert.equal(first[1]?.metadata.annotations?.[NODE_NAME_ANNOTATION], 'w.a');
  assert.deepEqual(first[0]?.involvedObject, {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    namespace: 'ns',
    name: 'w',
    uid: 'u1',
    resourceVersion: '7',
  });
  const failed = wf(
    'Failed',
    [
      { id: 'a', name: 'w.a', phase: 'Failed', startedAt: at(2), finishedAt: at(8), message: 'exit code 1' },
      { id: 'b', name: 'w.b', phase: 'Succeeded', startedAt: at(3), finishedAt: at(4) },
    ],
    'child failed',
  );
  const second = lifecycleEvents(seenPhasesOf(running), failed, at(0), at(9), name);
  assert.deepEqual(
    second.map((e) => [e.reason, e.message, e.type]),
    [
      ['WorkflowNodeFailed', 'Failed node w.a: exit code 1', 'Warning'],
      // Never seen running: its Running event comes first.
      ['WorkflowNodeRunning', 'Running node w.b', 'Normal'],
      ['WorkflowNodeSucceeded', 'Succeeded node w.b', 'Normal'],
      ['WorkflowFailed', 'child failed', 'Warning'],
    ],
  );
  assert.deepEqual(lifecycleEvents(seenPhasesOf(failed), failed, at(0), at(10), name), [], 'nothing new');
});

test('changes stamped before the stream started are not replayed', () => {
  const done = wf('Succeeded', [
    { id: 'a', name: 'w.a', phase: 'Succeeded', startedAt: at(2), finishedAt: at(8) },
  ]);
  assert.deepEqual(
    lifecycleEvents(undefined, done, at(5), at(10), name).map((e) => e.reason),
    ['WorkflowNodeSucceeded', 'WorkflowSucceeded'],
  );
});

test('field selectors filter on event fields', () => {
  const [e] = lifecycleEvents(undefined, wf('Running', []), at(0), at(1), name);
  assert.ok(e);
  assert.ok(matchesFields(e, parseEventFieldSelector('involvedObject.kind=Workflow,involvedObject.name=w')));
  assert.ok(!matchesFields(e, parseEventFieldSelector('involvedObject.name=other')));
  assert.ok(matchesFields(e, parseEventFieldSelector('reason!=WorkflowFailed')));
  assert.throws(() => parseEventFieldSelector('nonsense'), /not a field selector term/);
});
