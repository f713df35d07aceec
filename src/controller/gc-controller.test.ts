import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { podNameOf } from '../engine/index.js';
import { drive } from '../engine/testing/driver.js';
import { workflowFromYaml } from '../engine/testing/fixtures.js';
import { FakeRuntime } from '../runtime/index.js';
import type { Workflow } from '../spec/types.js';
import { MemoryStore } from '../store/index.js';
import { GcController } from './gc-controller.js';
import { podsToRelease, ttlDeadline } from './gc-policy.js';

function completed(
  phase: string,
  ttl: Record<string, number> | undefined,
  extra: Record<string, unknown> = {},
): Workflow {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name: `wf-${phase.toLowerCase()}`, namespace: 'default' },
    spec: { entrypoint: 'main', templates: [], ...(ttl ? { ttlStrategy: ttl } : {}), ...extra },
    status: {
      phase,
      finishedAt: '2024-01-01T00:00:00Z',
      nodes: {
        a: { id: 'a', name: 'wf.a', displayName: 'a', type: 'Pod', phase: 'Succeeded', templateName: 't' },
        b: { id: 'b', name: 'wf.b', displayName: 'b', type: 'Pod', phase: 'Failed', templateName: 't' },
        s: { id: 's', name: 'wf', displayName: 'wf', type: 'Steps', phase },
      },
    },
  } as Workflow;
}

const T = Date.parse('2024-01-01T00:00:00Z');

describe('ttlStrategy', () => {
  it('uses secondsAfterSuccess / secondsAfterFailure, falling back to secondsAfterCompletion', () => {
    const ttl = { secondsAfterCompletion: 30, secondsAfterSuccess: 10 };
    assert.equal(ttlDeadline(completed('Succeeded', ttl)), T + 10_000);
    assert.equal(ttlDeadline(completed('Failed', ttl)), T + 30_000);
    assert.equal(ttlDeadline(completed('Error', { secondsAfterFailure: 5 })), T + 5_000);
    assert.equal(ttlDeadline(completed('Succeeded', { secondsAfterFailure: 5 })), undefined);
    assert.equal(ttlDeadline(completed('Running', ttl)), undefined);
    assert.equal(ttlDeadline(completed('Succeeded', undefined)), undefined);
  });

  it('a workflow failed by activeDeadlineSeconds is collected after secondsAfterFailure', () => {
    const wf = workflowFromYaml(`
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: slow}
spec:
  entrypoint: main
  activeDeadlineSeconds: 5
  ttlStrategy: {secondsAfterSuccess: 1000, secondsAfterFailure: 60}
  templates:
  - name: main
    container: {image: busybox, command: [sleep, "100"]}
`);
    const { workflow } = drive(wf, { script: () => ({ runFor: 1000 }) });
    assert.equal(workflow.status?.phase, 'Failed');
    const finished = Date.parse(String(workflow.status?.finishedAt));
    assert.equal(ttlDeadline(workflow), finished + 60_000);
  });

  it('the GC loop deletes a workflow once its TTL has passed on the injected clock, not before', async () => {
    const store = new MemoryStore();
    let now = T + 5_000;
    const gc = new GcController({ store, now: () => new Date(now) });
    await store.create(completed('Succeeded', { secondsAfterSuccess: 10 }));
    await store.create(completed('Failed', { secondsAfterSuccess: 10 }));
    await gc.start();
    try {
      await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual([...gc.pending().keys()], ['default/wf-succeeded']);
      assert.equal(gc.dueWithin(4_000), false);
      assert.equal(gc.dueWithin(6_000), true);
      assert.deepEqual(await gc.sweep(), []);
      now = T + 10_001;
      assert.deepEqual(await gc.sweep(), ['default/wf-succeeded']);
      await assert.rejects(store.get('Workflow', 'default', 'wf-succeeded'), /not found/);
      await store.get('Workflow', 'default', 'wf-failed');
    } finally {
      gc.stop();
    }
  });

  it('an expired workflow is deleted as soon as a GC loop starts (after a controller restart)', async () => {
    const store = new MemoryStore();
    await store.create(completed('Succeeded', { secondsAfterCompletion: 0 }));
    const gc = new GcController({ store, now: () => new Date(T + 1) });
    await gc.start();
    try {
      await new Promise((r) => setTimeout(r, 30));
      await gc.sweep();
      await assert.rejects(store.get('Workflow', 'default', 'wf-succeeded'), /not found/);
    } finally {
      gc.stop();
    }
  });
});

describe('podGC', () => {
  const names = (wf: Workflow, changed: string[], was = false) =>
    podsToRelease(wf, changed, was).map((p) => `${p.podName}@${p.delayMs}`);

  it('OnPodCompletion and OnPodSuccess release the pods that just completed or succeeded', () => {
    const onCompletion = completed('Running', undefined, { podGC: { strategy: 'OnPodCompletion' } });
    const podA = podNameOf('wf-running', 'wf.a', 't');
    const podB = podNameOf('wf-running', 'wf.b', 't');
    assert.deepEqual(names(onCompletion, ['a', 'b', 's']), [`${podA}@0`, `${podB}@0`]);
    const onSuccess = completed('Running', undefined, {
      podGC: { strategy: 'OnPodSuccess', deleteDelayDuration: '30s' },
    });
    assert.deepEqual(names(onSuccess, ['a', 'b']), [`${podA}@30000`]);
  });

  it('OnWorkflowCompletion / OnWorkflowSuccess release every pod once, when the workflow completes', () => {
    const ok = completed('Succeeded', undefined, { podGC: { strategy: 'OnWorkflowSuccess' } });
    assert.equal(names(ok, []).length, 2);
    assert.equal(names(ok, [], true).length, 0, 'already handled when it completed');
    const failed = completed('Failed', undefined, { podGC: { strategy: 'OnWorkflowSuccess' } });
    assert.equal(names(failed, []).length, 0);
    const anyEnd = completed('Failed', undefined, { podGC: { strategy: 'OnWorkflowCompletion' } });
    assert.equal(names(anyEnd, []).length, 2);
    const running = completed('Running', undefined, { podGC: { strategy: 'OnWorkflowCompletion' } });
    assert.equal(names(running, ['a']).length, 0);
    const noGc = completed('Succeeded', undefined);
    assert.equal(names(noGc, ['a']).length, 0);
  });

  it('labelSelector limits which pods are released', () => {
    const wf = completed('Succeeded', undefined, {
      podGC: { strategy: 'OnWorkflowCompletion', labelSelector: { matchLabels: { keep: 'no' } } },
    });
    assert.equal(names(wf, []).length, 0);
    wf.spec.podMetadata = { labels: { keep: 'no' } };
    assert.equal(names(wf, []).length, 2);
  });

  it('the GC loop hands the pods to the runtime release hook after deleteDelayDuration', async () => {
    const released: string[] = [];
    class Releasing extends FakeRuntime {
      release(podName: string): void {
        released.push(podName);
      }
    }
    const gc = new GcController({ store: new MemoryStore(), runtime: new Releasing() });
    const wf = completed('Succeeded', undefined, {
      podGC: { strategy: 'OnWorkflowCompletion', deleteDelayDuration: '0.05s' },
    });
    gc.afterReconcile(wf, [], false);
    assert.deepEqual(released, []);
    await new Promise((r) => setTimeout(r, 120));
    assert.equal(released.length, 2);
    gc.stop();
  });
});

describe('archiveLogs', () => {
  it('is recorded on the pod plan: the template archiveLocation over spec.archiveLogs', () => {
    const wf = workflowFromYaml(`
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: logs}
spec:
  entrypoint: main
  archiveLogs: true
  templates:
  - name: main
    steps:
    - - {name: a, template: plain}
      - {name: b, template: quiet}
  - name: plain
    container: {image: busybox, command: ["true"]}
  - name: quiet
    archiveLocation: {archiveLogs: false}
    container: {image: busybox, command: ["true"]}
`);
    const { plans } = drive(wf);
    assert.deepEqual(plans.map((p) => [p.templateName, p.archiveLogs]).sort(), [
      ['plain', true],
      ['quiet', false],
    ]);
  });
});
