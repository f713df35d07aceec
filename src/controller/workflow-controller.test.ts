import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeRuntime } from '../runtime/index.js';
import type { PodObservation } from '../runtime/pod-plan.js';
import type { NodeStatus, Workflow } from '../spec/types.js';
import { MemoryStore } from '../store/index.js';
import { until } from '../testing/until.js';
import { oneStep } from './testing/one-step.js';
import { WorkflowController } from './workflow-controller.js';

/** A runtime that, like the host runtime, recorded a pod's outcome while no controller listened. */
class RecoveringRuntime extends FakeRuntime {
  readonly released: string[] = [];
  constructor(private readonly records: Map<string, PodObservation>) {
    super();
  }
  recover(podName: string): PodObservation | undefined {
    return this.records.get(podName);
  }
  release(podName: string): void {
    this.released.push(podName);
    this.records.delete(podName);
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`${what}: no result after ${ms} ms`)), ms),
    ),
  ]);
}

describe('WorkflowController', () => {
  it('runs a workflow to completion on a fake runtime', async () => {
    const store = new MemoryStore();
    const runtime = new FakeRuntime({ onStart: () => ({ phase: 'Succeeded' }) });
    const controller = new WorkflowController({ store, runtime, holder: 'h1' });
    await controller.start();
    await store.create(oneStep('quick'));
    const done = await withTimeout(controller.whenCompleted('default', 'quick'), 3000, 'whenCompleted');
    assert.equal(done.status?.phase, 'Succeeded');
    await controller.stop();
    await store.close();
  });

  it('a pod outcome recorded while no controller listened completes its node on takeover, with no other event', async () => {
    const store = new MemoryStore();
    await store.create(oneStep('recover'));
    // A first controller starts the pod, then goes away while it runs.
    const first = new FakeRuntime();
    const c1 = new WorkflowController({ store, runtime: first, holder: 'h1' });
    await c1.start();
    const pod = await until('the pod to run', async () => {
      const wf = await store.get<Workflow>('Workflow', 'default', 'recover');
      const node = Object.values((wf.status?.nodes ?? {}) as Record<string, NodeStatus>)[0];
      return node?.phase === 'Running' ? first.running()[0] : undefined;
    });
    await c1.stop();
    assert.ok(pod);
    const plan = first.plan(pod);
    const records = new Map<string, PodObservation>([
      [
        pod,
        {
          podName: pod,
          nodeId: plan.nodeId,
          phase: 'Succeeded',
          startedAt: new Date().toISOString(),
          finishedAt: new Date().toISOString(),
          containers: [{ name: 'main', state: 'terminated', exitCode: 0 }],
          outputs: { parameters: [], artifacts: [], result: 'done', exitCode: '0' },
        },
      ],
    ]);
    const second = new RecoveringRuntime(records);
    const c2 = new WorkflowController({ store, runtime: second, holder: 'h2', lostPodPolicy: 'restart' });
    await c2.start();
    try {
      const done = await withTimeout(c2.whenCompleted('default', 'recover'), 3000, 'whenCompleted');
      assert.equal(done.status?.phase, 'Succeeded');
      assert.equal(second.started.length, 0, 'a pod that succeeded is not started again');
      assert.deepEqual(second.released, [pod]);
    } finally {
      await c2.stop();
      await store.close();
    }
  });

  it('stops the pods of a workflow that is deleted while they run', async () => {
    const store = new MemoryStore();
    const runtime = new FakeRuntime();
    const controller = new WorkflowController({ store, runtime, holder: 'h1' });
    await controller.start();
    try {
      await store.create(oneStep('doomed'));
      const pod = await until('the pod to start', async () => runtime.running()[0]);
      await store.delete('Workflow', 'default', 'doomed');
      await until('the pod to be stopped', async () => (runtime.running().length === 0 ? true : undefined));
      assert.deepEqual(runtime.stopped, [{ podName: pod, reason: 'terminate' }]);
    } finally {
      await controller.stop();
      await store.close();
    }
  });
});
