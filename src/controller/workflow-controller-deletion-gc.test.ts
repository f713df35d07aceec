import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeRuntime } from '../runtime/index.js';
import type { Workflow } from '../spec/types.js';
import { MemoryStore } from '../store/index.js';
import { until } from '../testing/until.js';
import { ARTIFACT_GC_FINALIZER, type GcAttempt } from './artifact-gc-finalizer.js';
import type { ArtifactDeleter } from './artifact-gc-on-deletion.js';
import { oneStep } from './testing/one-step.js';
import { WorkflowController } from './workflow-controller.js';

async function run(deleteArtifacts: ArtifactDeleter | undefined, wf: Workflow) {
  const store = new MemoryStore();
  const runtime = new FakeRuntime({ onStart: () => ({ phase: 'Succeeded' }) });
  const attempts: GcAttempt[] = [];
  let attempted: () => void = () => {};
  const firstAttempt = new Promise<void>((resolve) => {
    attempted = resolve;
  });
  const controller = new WorkflowController({
    store,
    runtime,
    holder: 'h1',
    ...(deleteArtifacts ? { deleteArtifacts } : {}),
    deletionGc: {
      onAttempt: (_key, a) => {
        attempts.push(a);
        attempted();
      },
    },
  });
  await controller.start();
  await store.create(wf);
  const done = await controller.whenCompleted('default', wf.metadata.name ?? '');
  return { store, controller, done, attempts, firstAttempt };
}

describe('WorkflowController and the artifact GC finalizer', () => {
  it('holds a workflow with OnWorkflowDeletion artifacts, and collects them when it is deleted', async () => {
    const deleted: string[] = [];
    const deleter: ArtifactDeleter = async (ns) => {
      deleted.push(ns);
      return [];
    };
    const { store, controller, done, attempts, firstAttempt } = await run(
      deleter,
      oneStep('held', 'OnWorkflowDeletion'),
    );
    assert.equal(done.status?.phase, 'Succeeded');
    const stored = await store.get<Workflow>('Workflow', 'default', 'held');
    assert.deepEqual(stored.metadata.finalizers, [ARTIFACT_GC_FINALIZER]);
    // Any deletion (here the store's own, as `kubectl delete` would) goes through the controller's GC.
    await store.delete('Workflow', 'default', 'held');
    await firstAttempt;
    assert.deepEqual(
      attempts.map((a) => a.outcome),
      ['collected'],
    );
    await assert.rejects(store.get('Workflow', 'default', 'held'), /not found/);
    await controller.stop();
  });

  it('a controller that starts picks up workflows left being deleted (a GC lost to a crash is redone)', async () => {
    const store = new MemoryStore();
    const wf = oneStep('left', 'OnWorkflowDeletion');
    wf.metadata.finalizers = [ARTIFACT_GC_FINALIZER];
    await store.create(wf);
    await store.delete('Workflow', 'default', 'left');
    const outcomes: string[] = [];
    let attempted: () => void = () => {};
    const firstAttempt = new Promise<void>((resolve) => {
      attempted = resolve;
    });
    const controller = new WorkflowController({
      store,
      runtime: new FakeRuntime(),
      holder: 'h2',
      deleteArtifacts: async () => [],
      deletionGc: {
        onAttempt: (key, a) => {
          outcomes.push(`${key} ${a.outcome}`);
          attempted();
        },
      },
    });
    await controller.start();
    await firstAttempt;
    assert.deepEqual(outcomes, ['default/left collected']);
    await assert.rejects(store.get('Workflow', 'default', 'left'), /not found/);
    await controller.stop();
  });

  it('a running workflow marked for deletion has its pods stopped, then its artifacts and itself deleted', async () => {
    const store = new MemoryStore();
    const runtime = new FakeRuntime();
    const controller = new WorkflowController({
      store,
      runtime,
      holder: 'h3',
      deleteArtifacts: async () => [],
    });
    await controller.start();
    try {
      await store.create(oneStep('doomed', 'OnWorkflowDeletion'));
      const pod = await until('the pod to start', async () => runtime.running()[0]);
      await store.delete('Workflow', 'default', 'doomed');
      await until('the workflow to go', async () =>
        (await store.list('Workflow')).items.length === 0 ? true : undefined,
      );
      assert.deepEqual(runtime.stopped, [{ podName: pod, reason: 'terminate' }]);
    } finally {
      await controller.stop();
    }
  });

  it('adds no finalizer to a workflow without deletion GC, nor without a way to delete artifacts', async () => {
    const deleter: ArtifactDeleter = async () => [];
    for (const [wf, gc] of [
      [oneStep('plain'), deleter],
      [oneStep('no-deleter', 'OnWorkflowDeletion'), undefined],
    ] as const) {
      const { store, controller } = await run(gc, wf);
      const stored = await store.get<Workflow>('Workflow', 'default', wf.metadata.name ?? '');
      assert.equal(stored.metadata.finalizers, undefined, wf.metadata.name);
      await store.delete('Workflow', 'default', wf.metadata.name ?? '');
      await assert.rejects(store.get('Workflow', 'default', wf.metadata.name ?? ''), /not found/);
      await controller.stop();
    }
  });
});
