import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConflictError } from '../errors/index.js';
import type { Workflow } from '../spec/types.js';
import { MemoryStore } from '../store/index.js';
import {
  ARTIFACT_GC_ERROR,
  ARTIFACT_GC_FINALIZER,
  deleteWorkflowWithGc,
  finalizeArtifactGc,
  releaseArtifactGcFinalizer,
  requestWorkflowDeletion,
} from './artifact-gc-finalizer.js';
import type { ArtifactDeleter } from './artifact-gc-on-deletion.js';
import { finishedWorkflow } from './testing/finished-workflow.js';

const NOW = new Date('2025-03-04T05:06:07Z');

function workflow(name: string, artifactGC?: Record<string, unknown>): Workflow {
  return finishedWorkflow(name, {
    outputs: [{ name: 'scratch', key: `${name}/scratch.tgz` }],
    ...(artifactGC ? { spec: { artifactGC } } : {}),
  });
}

/** A repository that is down while `down` is true. */
function repository(): { deleter: ArtifactDeleter; deleted: string[]; down: boolean } {
  const repo = {
    deleted: [] as string[],
    down: false,
    deleter: (async (_ns, action) => {
      if (repo.down)
        return action.artifacts.map((a) => `failed to delete artifact '${a.name}': connection refused`);
      repo.deleted.push(...action.artifacts.map((a) => a.name));
      return [];
    }) as ArtifactDeleter,
  };
  return repo;
}

const get = (store: MemoryStore, name: string) => store.get<Workflow>('Workflow', 'team', name);
const gone = (store: MemoryStore, name: string) => assert.rejects(get(store, name), /not found/);

describe('artifact GC finalizer', () => {
  it('a workflow without OnWorkflowDeletion artifacts is deleted plainly, with no finalizer', async () => {
    const store = new MemoryStore();
    await store.create(workflow('plain'));
    assert.deepEqual(await requestWorkflowDeletion(store, 'team', 'plain', { gc: true }), { held: false });
    await gone(store, 'plain');
  });

  it('without a way to delete artifacts, a workflow is deleted plainly', async () => {
    const store = new MemoryStore();
    await store.create(workflow('no-gc', { strategy: 'OnWorkflowDeletion' }));
    assert.deepEqual(await requestWorkflowDeletion(store, 'team', 'no-gc', { gc: false }), { held: false });
    await gone(store, 'no-gc');
  });

  it('holds a workflow with OnWorkflowDeletion artifacts: the deletion only marks it', async () => {
    const store = new MemoryStore({ clock: () => NOW });
    await store.create(workflow('held', { strategy: 'OnWorkflowDeletion' }));
    assert.deepEqual(await requestWorkflowDeletion(store, 'team', 'held', { gc: true }), { held: true });
    const wf = await get(store, 'held');
    assert.deepEqual(wf.metadata.finalizers, [ARTIFACT_GC_FINALIZER]);
    assert.equal(wf.metadata.deletionTimestamp, '2025-03-04T05:06:07Z');
    assert.ok(wf.status?.nodes?.p, 'nodes kept for the GC');
  });

  it('keeps the resourceVersion precondition', async () => {
    const store = new MemoryStore();
    await store.create(workflow('pre', { strategy: 'OnWorkflowDeletion' }));
    await assert.rejects(
      requestWorkflowDeletion(store, 'team', 'pre', { gc: true, resourceVersion: '999' }),
      ConflictError,
    );
    const wf = await get(store, 'pre');
    assert.equal(wf.metadata.deletionTimestamp, undefined);
    await requestWorkflowDeletion(store, 'team', 'pre', {
      gc: true,
      resourceVersion: wf.metadata.resourceVersion,
    });
    assert.ok((await get(store, 'pre')).metadata.deletionTimestamp);
  });

  it('adding the finalizer is retried when another writer got there first', async () => {
    const store = new MemoryStore();
    await store.create(workflow('busy', { strategy: 'OnWorkflowDeletion' }));
    const update = store.update.bind(store);
    let conflicts = 1;
    store.update = (async (obj, options) => {
      if (conflicts-- > 0) {
        // A controller's status write lands between the read and the finalizer's write.
        const current = await store.get<Workflow>('Workflow', 'team', 'busy', { withNodes: false });
        await update(current, { specUnchanged: true });
      }
      return update(obj, options);
    }) as typeof store.update;
    assert.deepEqual(await requestWorkflowDeletion(store, 'team', 'busy', { gc: true }), { held: true });
    assert.deepEqual((await get(store, 'busy')).metadata.finalizers, [ARTIFACT_GC_FINALIZER]);
  });

  it('an attempt deletes the artifacts, then the workflow', async () => {
    const store = new MemoryStore();
    const repo = repository();
    await store.create(workflow('ok', { strategy: 'OnWorkflowDeletion' }));
    assert.deepEqual(await deleteWorkflowWithGc(store, 'team', 'ok', repo.deleter), { state: 'deleted' });
    assert.deepEqual(repo.deleted, ['scratch']);
    await gone(store, 'ok');
  });

  it('a failed attempt keeps the workflow with ArtifactGCError; the next one, repository back, deletes it', async () => {
    const store = new MemoryStore();
    const repo = repository();
    repo.down = true;
    await store.create(workflow('down', { strategy: 'OnWorkflowDeletion' }));
    const result = await deleteWorkflowWithGc(store, 'team', 'down', repo.deleter, { now: () => NOW });
    assert.equal(result.state, 'pending');
    const kept = await get(store, 'down');
    assert.ok(kept.metadata.deletionTimestamp);
    assert.deepEqual(kept.metadata.finalizers, [ARTIFACT_GC_FINALIZER]);
    const condition = kept.status?.conditions?.find((c) => c.type === ARTIFACT_GC_ERROR);
    assert.equal(condition?.status, 'True');
    assert.equal(
      condition?.message,
      "artifact GC failed at 2025-03-04T05:06:07.000Z: failed to delete artifact 'scratch': connection refused",
    );
    assert.equal(kept.status?.phase, 'Succeeded', 'the phase is left alone');

    // Failing again replaces the condition rather than adding one.
    assert.equal((await finalizeArtifactGc(store, 'team', 'down', repo.deleter)).outcome, 'failed');
    assert.equal((await get(store, 'down')).status?.conditions?.length, 1);

    repo.down = false;
    assert.deepEqual(await finalizeArtifactGc(store, 'team', 'down', repo.deleter), { outcome: 'collected' });
    assert.deepEqual(repo.deleted, ['scratch']);
    await gone(store, 'down');
  });

  it('forceFinalizerRemoval deletes the workflow even when its artifacts could not be deleted', async () => {
    const store = new MemoryStore();
    const repo = repository();
    repo.down = true;
    await store.create(workflow('forced', { strategy: 'OnWorkflowDeletion', forceFinalizerRemoval: true }));
    const result = await deleteWorkflowWithGc(store, 'team', 'forced', repo.deleter);
    assert.equal(result.state, 'forced');
    assert.match(result.state === 'forced' ? (result.errors[0] ?? '') : '', /connection refused/);
    await gone(store, 'forced');
  });

  it('removing the finalizer by hand lets a stuck workflow go', async () => {
    const store = new MemoryStore();
    const repo = repository();
    repo.down = true;
    await store.create(workflow('stuck', { strategy: 'OnWorkflowDeletion' }));
    await deleteWorkflowWithGc(store, 'team', 'stuck', repo.deleter);
    assert.equal(await releaseArtifactGcFinalizer(store, 'team', 'stuck'), true);
    await gone(store, 'stuck');
    assert.deepEqual(repo.deleted, [], 'its artifacts stay');
  });

  it('another finalizer still holds the workflow after artifact GC', async () => {
    const store = new MemoryStore();
    const repo = repository();
    const wf = workflow('other', { strategy: 'OnWorkflowDeletion' });
    wf.metadata.finalizers = ['example.com/keep'];
    await store.create(wf);
    assert.deepEqual(await deleteWorkflowWithGc(store, 'team', 'other', repo.deleter), { state: 'held' });
    assert.deepEqual((await get(store, 'other')).metadata.finalizers, ['example.com/keep']);
    assert.deepEqual(repo.deleted, ['scratch']);
  });

  it('an attempt on a workflow not being deleted does nothing', async () => {
    const store = new MemoryStore();
    const repo = repository();
    const wf = workflow('alive', { strategy: 'OnWorkflowDeletion' });
    wf.metadata.finalizers = [ARTIFACT_GC_FINALIZER];
    await store.create(wf);
    assert.deepEqual(await finalizeArtifactGc(store, 'team', 'alive', repo.deleter), { outcome: 'none' });
    assert.deepEqual(await finalizeArtifactGc(store, 'team', 'absent', repo.deleter), { outcome: 'none' });
    assert.deepEqual(repo.deleted, []);
  });
});
