import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DeleteArtifactsAction } from '../engine/artifacts/index.js';
import type { Workflow } from '../spec/types.js';
import { MemoryStore } from '../store/index.js';
import {
  type ArtifactDeleter,
  collectArtifactsOnDeletion,
  deletionGcAction,
  mayCollectOnDeletion,
} from './artifact-gc-on-deletion.js';
import { DeletionGcQueue } from './deletion-gc-queue.js';
import { GcController } from './gc-controller.js';
import { finishedWorkflow } from './testing/finished-workflow.js';

const FINISHED = '2024-01-01T00:00:00Z';

function workflow(name: string, artifactGC?: string, ttl?: Record<string, number>): Workflow {
  return finishedWorkflow(name, {
    outputs: [
      { name: 'keep', key: `${name}/keep.tgz`, artifactGC: { strategy: 'Never' } },
      { name: 'drop', key: `${name}/drop.tgz` },
    ],
    spec: {
      ...(artifactGC ? { artifactGC: { strategy: artifactGC } } : {}),
      ...(ttl ? { ttlStrategy: ttl } : {}),
    },
    status: { finishedAt: FINISHED },
  });
}

function recordingDeleter(): { deleter: ArtifactDeleter; calls: [string, DeleteArtifactsAction][] } {
  const calls: [string, DeleteArtifactsAction][] = [];
  return {
    calls,
    deleter: async (namespace, action) => {
      calls.push([namespace, action]);
      return [];
    },
  };
}

describe('artifactGC OnWorkflowDeletion', () => {
  it('collects the artifacts whose strategy is OnWorkflowDeletion, in the workflow namespace', async () => {
    const wf = workflow('wf-a', 'OnWorkflowDeletion');
    assert.equal(mayCollectOnDeletion(wf), true);
    assert.deepEqual(
      deletionGcAction(wf)?.artifacts.map((a) => a.name),
      ['drop'],
    );
    const { deleter, calls } = recordingDeleter();
    assert.deepEqual(await collectArtifactsOnDeletion(wf, deleter), []);
    assert.equal(calls.length, 1);
    assert.equal(calls[0]?.[0], 'team');
    assert.deepEqual(calls[0]?.[1].repository, { local: {} });
  });

  it('does nothing for a workflow without that strategy', async () => {
    const wf = workflow('wf-b');
    assert.equal(mayCollectOnDeletion(wf), false);
    assert.equal(deletionGcAction(wf), undefined);
    const { deleter, calls } = recordingDeleter();
    await collectArtifactsOnDeletion(wf, deleter);
    assert.equal(calls.length, 0);
  });

  it('a template-level strategy is enough for the cheap check', () => {
    const wf = workflow('wf-c');
    const main = wf.spec.templates?.[0];
    const drop = main?.outputs?.artifacts?.[1];
    if (drop) drop.artifactGC = { strategy: 'OnWorkflowDeletion' };
    assert.equal(mayCollectOnDeletion(wf), true);
    assert.deepEqual(
      deletionGcAction(wf)?.artifacts.map((a) => a.name),
      ['drop'],
    );
  });

  it('the ttlStrategy sweep holds a workflow with OnWorkflowDeletion artifacts until they are deleted', async () => {
    const store = new MemoryStore();
    const { deleter, calls } = recordingDeleter();
    const attempts: string[] = [];
    let settled: () => void = () => {};
    const done = new Promise<void>((resolve) => {
      settled = resolve;
    });
    const deletionGc = new DeletionGcQueue({
      store,
      deleteArtifacts: deleter,
      onAttempt: (key, a) => {
        attempts.push(`${key} ${a.outcome}`);
        settled();
      },
    });
    const gc = new GcController({ store, now: () => new Date(Date.parse(FINISHED) + 1), deletionGc });
    const due = await store.create(workflow('wf-ttl', 'OnWorkflowDeletion', { secondsAfterCompletion: 0 }));
    const plain = await store.create(workflow('wf-plain', undefined, { secondsAfterCompletion: 0 }));
    gc.track(due);
    gc.track(plain);
    assert.deepEqual((await gc.sweep()).sort(), ['team/wf-plain', 'team/wf-ttl']);
    await done;
    assert.deepEqual(attempts, ['team/wf-ttl collected']);
    await assert.rejects(store.get('Workflow', 'team', 'wf-ttl'), /not found/);
    await assert.rejects(store.get('Workflow', 'team', 'wf-plain'), /not found/);
    assert.equal(calls.length, 1, 'only the workflow with the strategy');
    assert.deepEqual(
      calls[0]?.[1].artifacts.map((a) => `${a.nodeId}/${a.name}`),
      ['p/drop'],
    );
    gc.stop();
  });
});
