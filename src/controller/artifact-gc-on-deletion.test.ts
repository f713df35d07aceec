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
import { GcController } from './gc-controller.js';

const FINISHED = '2024-01-01T00:00:00Z';

function workflow(name: string, artifactGC?: string, ttl?: Record<string, number>): Workflow {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name, namespace: 'team' },
    spec: {
      entrypoint: 'main',
      ...(artifactGC ? { artifactGC: { strategy: artifactGC } } : {}),
      ...(ttl ? { ttlStrategy: ttl } : {}),
      templates: [
        {
          name: 'main',
          container: { image: 'alpine', command: ['true'] },
          outputs: {
            artifacts: [
              { name: 'keep', path: '/tmp/k', artifactGC: { strategy: 'Never' } },
              { name: 'drop', path: '/tmp/d' },
            ],
          },
        },
      ],
    },
    status: {
      phase: 'Succeeded',
      finishedAt: FINISHED,
      artifactRepositoryRef: { artifactRepository: { local: {} }, default: true },
      nodes: {
        p: {
          id: 'p',
          name,
          displayName: name,
          type: 'Pod',
          phase: 'Succeeded',
          templateName: 'main',
          outputs: {
            artifacts: [
              { name: 'keep', local: { key: `${name}/keep.tgz` } },
              { name: 'drop', local: { key: `${name}/drop.tgz` } },
            ],
          },
        },
      },
    },
  } as unknown as Workflow;
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

  it('the ttlStrategy sweep deletes the workflow, then its OnWorkflowDeletion artifacts', async () => {
    const store = new MemoryStore();
    const { deleter, calls } = recordingDeleter();
    const gc = new GcController({
      store,
      now: () => new Date(Date.parse(FINISHED) + 1),
      deleteArtifacts: deleter,
    });
    const due = await store.create(workflow('wf-ttl', 'OnWorkflowDeletion', { secondsAfterCompletion: 0 }));
    const plain = await store.create(workflow('wf-plain', undefined, { secondsAfterCompletion: 0 }));
    gc.track(due);
    gc.track(plain);
    assert.deepEqual((await gc.sweep()).sort(), ['team/wf-plain', 'team/wf-ttl']);
    await assert.rejects(store.get('Workflow', 'team', 'wf-ttl'), /not found/);
    assert.equal(calls.length, 1, 'only the workflow with the strategy');
    assert.deepEqual(
      calls[0]?.[1].artifacts.map((a) => `${a.nodeId}/${a.name}`),
      ['p/drop'],
    );
    gc.stop();
  });
});
