import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Workflow } from '../spec/types.js';
import { MemoryStore } from '../store/index.js';
import {
  ARTIFACT_GC_ERROR,
  ARTIFACT_GC_FINALIZER,
  type GcAttempt,
  requestWorkflowDeletion,
} from './artifact-gc-finalizer.js';
import type { ArtifactDeleter } from './artifact-gc-on-deletion.js';
import { DeletionGcQueue, type Scheduler } from './deletion-gc-queue.js';
import { finishedWorkflow } from './testing/finished-workflow.js';

function workflow(name: string): Workflow {
  return finishedWorkflow(name, {
    outputs: [{ name: 'a', key: 'k/a.tgz' }],
    spec: { artifactGC: { strategy: 'OnWorkflowDeletion' } },
    metadata: { finalizers: [ARTIFACT_GC_FINALIZER] },
  });
}

/** A scheduler the test fires by hand, recording the delays asked for. */
function manualScheduler(): { schedule: Scheduler; delays: number[]; fire(): void } {
  const pending: Array<() => void> = [];
  const delays: number[] = [];
  return {
    delays,
    schedule: (fn, ms) => {
      delays.push(ms);
      pending.push(fn);
      return () => {
        const i = pending.indexOf(fn);
        if (i >= 0) pending.splice(i, 1);
      };
    },
    fire: () => {
      const fn = pending.shift();
      assert.ok(fn, 'a retry is scheduled');
      fn();
    },
  };
}

/** The queue over a store, with attempts awaited one by one. */
function harness(store: MemoryStore, deleter: ArtifactDeleter) {
  const timer = manualScheduler();
  const outcomes: GcAttempt[] = [];
  let waiting: Array<() => void> = [];
  const queue = new DeletionGcQueue({
    store,
    deleteArtifacts: deleter,
    initialBackoffMs: 10,
    maxBackoffMs: 35,
    schedule: timer.schedule,
    onAttempt: (_key, a) => {
      outcomes.push(a);
      for (const w of waiting) w();
      waiting = [];
    },
  });
  const nextAttempt = () => new Promise<void>((resolve) => waiting.push(resolve));
  return { queue, timer, outcomes, nextAttempt };
}

describe('DeletionGcQueue', () => {
  it('retries a failed GC with a doubling backoff up to its ceiling, until the repository is back', async () => {
    const store = new MemoryStore();
    let down = true;
    const deleter: ArtifactDeleter = async () => (down ? ['repository unreachable'] : []);
    const { queue, timer, outcomes, nextAttempt } = harness(store, deleter);
    await store.create(workflow('w'));
    await requestWorkflowDeletion(store, 'team', 'w', { gc: true });

    let attempt = nextAttempt();
    queue.enqueue('team', 'w');
    await attempt;
    for (let i = 0; i < 3; i++) {
      attempt = nextAttempt();
      timer.fire();
      await attempt;
    }
    assert.deepEqual(
      outcomes.map((o) => o.outcome),
      ['failed', 'failed', 'failed', 'failed'],
    );
    assert.deepEqual(timer.delays, [10, 20, 35, 35]);
    assert.deepEqual(queue.waiting(), new Map([['team/w', 4]]));
    const kept = await store.get<Workflow>('Workflow', 'team', 'w');
    assert.equal(kept.status?.conditions?.[0]?.type, ARTIFACT_GC_ERROR);

    down = false;
    attempt = nextAttempt();
    timer.fire();
    await attempt;
    assert.equal(outcomes.at(-1)?.outcome, 'collected');
    await assert.rejects(store.get('Workflow', 'team', 'w'), /not found/);
    assert.deepEqual(queue.waiting(), new Map());
    assert.equal(queue.busy(), false);
  });

  it('the echo of its own condition write waits for the retry; a newer change is attempted at once', async () => {
    const store = new MemoryStore();
    const deleter: ArtifactDeleter = async () => ['repository unreachable'];
    const { queue, outcomes, nextAttempt } = harness(store, deleter);
    await store.create(workflow('w'));
    await requestWorkflowDeletion(store, 'team', 'w', { gc: true });
    const attempt = nextAttempt();
    queue.enqueue('team', 'w');
    await attempt;
    const failed = outcomes[0];
    assert.equal(failed?.outcome, 'failed');
    queue.enqueue('team', 'w', failed?.outcome === 'failed' ? failed.resourceVersion : '');
    assert.equal(outcomes.length, 1, 'the echo is not news');

    // The user sets forceFinalizerRemoval: the workflow goes now, not after the backoff.
    const wf = await store.get<Workflow>('Workflow', 'team', 'w');
    const edited = await store.update({
      ...wf,
      spec: { ...wf.spec, artifactGC: { strategy: 'OnWorkflowDeletion', forceFinalizerRemoval: true } },
    });
    const forced = nextAttempt();
    queue.enqueue('team', 'w', edited.metadata.resourceVersion);
    await forced;
    assert.equal(outcomes[1]?.outcome, 'forced');
    await assert.rejects(store.get('Workflow', 'team', 'w'), /not found/);
  });

  it('forget drops the retry of a workflow that went another way (its finalizer removed by hand)', async () => {
    const store = new MemoryStore();
    const { queue, nextAttempt } = harness(store, async () => ['down']);
    await store.create(workflow('w'));
    await requestWorkflowDeletion(store, 'team', 'w', { gc: true });
    const attempt = nextAttempt();
    queue.enqueue('team', 'w');
    await attempt;
    queue.forget('team', 'w');
    assert.deepEqual(queue.waiting(), new Map());
  });
});
