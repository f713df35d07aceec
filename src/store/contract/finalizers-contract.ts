/** Contract: finalizers and deletionTimestamp, as Kubernetes (see finalizers.ts). */

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConflictError, NotFoundError, ValidationError } from '../../errors/index.js';
import type { Resource } from '../store.js';
import {
  collect,
  configMap,
  node,
  nodesOf,
  type StoreFactory,
  tick,
  withStore,
  workflow,
} from './harness.js';

const HOLD = 'example.com/hold';
const OTHER = 'example.com/other';

const summary = (events: Array<{ type: string; object: Resource }>) =>
  events.map((e) => `${e.type} ${e.object.metadata.name} ${e.object.metadata.resourceVersion}`);

const held = (name: string, finalizers = [HOLD]) =>
  workflow(name, {
    metadata: { finalizers },
    status: { phase: 'Succeeded', nodes: { [name]: node(name, 'Succeeded') } },
  });

const without = (obj: Resource, finalizer: string): Resource => ({
  ...obj,
  metadata: { ...obj.metadata, finalizers: (obj.metadata.finalizers ?? []).filter((f) => f !== finalizer) },
});

export function finalizersContract(factory: StoreFactory): void {
  describe('finalizers', () => {
    test('deleting an object without finalizers removes it at once', () =>
      withStore(factory, async ({ store }) => {
        await store.create(workflow('plain', { metadata: { finalizers: [] } }));
        await store.delete('Workflow', 'argo', 'plain');
        await assert.rejects(store.get('Workflow', 'argo', 'plain'), NotFoundError);
      }));

    test('deleting an object with finalizers sets deletionTimestamp from the clock and keeps it', () =>
      withStore(factory, async ({ store, clock }) => {
        const created = await store.create(held('w'));
        assert.equal(created.metadata.deletionTimestamp, undefined);
        clock.advance(60_000);
        await store.delete('Workflow', 'argo', 'w');
        const marked = await store.get('Workflow', 'argo', 'w');
        assert.equal(marked.metadata.deletionTimestamp, '2024-05-06T07:09:09Z');
        assert.deepEqual(marked.metadata.finalizers, [HOLD]);
        assert.ok(Number(marked.metadata.resourceVersion) > Number(created.metadata.resourceVersion));
        assert.deepEqual(Object.keys(nodesOf(marked) ?? {}), ['w'], 'nodes stay');
        assert.equal((marked as { status?: { phase?: string } }).status?.phase, 'Succeeded');
        // Listed and selected like any other object.
        const { items } = await store.list('Workflow', { fieldSelector: 'status.phase=Succeeded' });
        assert.deepEqual(
          items.map((i) => i.metadata.name),
          ['w'],
        );
      }));

    test('a second delete of an object being deleted changes nothing', () =>
      withStore(factory, async ({ store, clock }) => {
        await store.create(held('w'));
        await store.delete('Workflow', 'argo', 'w');
        const marked = await store.get('Workflow', 'argo', 'w');
        clock.advance(1000);
        await store.delete('Workflow', 'argo', 'w');
        assert.deepEqual(await store.get('Workflow', 'argo', 'w'), marked);
      }));

    test('the delete precondition still applies', () =>
      withStore(factory, async ({ store }) => {
        const created = await store.create(held('w'));
        await assert.rejects(
          store.delete('Workflow', 'argo', 'w', { resourceVersion: '999' }),
          ConflictError,
        );
        await store.delete('Workflow', 'argo', 'w', {
          resourceVersion: created.metadata.resourceVersion ?? '',
        });
        assert.ok((await store.get('Workflow', 'argo', 'w')).metadata.deletionTimestamp);
      }));

    test('removing the last finalizer of an object being deleted removes it; removing one of two does not', () =>
      withStore(factory, async ({ store }) => {
        await store.create(held('w', [HOLD, OTHER]));
        await store.delete('Workflow', 'argo', 'w');
        const marked = await store.get('Workflow', 'argo', 'w');
        const one = await store.update(without(marked, HOLD));
        assert.deepEqual(one.metadata.finalizers, [OTHER]);
        assert.equal(one.metadata.deletionTimestamp, marked.metadata.deletionTimestamp);
        await store.update(without(one, OTHER));
        await assert.rejects(store.get('Workflow', 'argo', 'w'), NotFoundError);
        // Its nodes and logs went with it: a new workflow of the same name starts empty.
        await store.create(workflow('w'));
        assert.equal(nodesOf(await store.get('Workflow', 'argo', 'w')), undefined);
      }));

    test('removing finalizers of an object not being deleted only updates it', () =>
      withStore(factory, async ({ store }) => {
        const created = await store.create(held('w'));
        const updated = await store.update(without(created, HOLD));
        assert.deepEqual(updated.metadata.finalizers, []);
        assert.equal((await store.get('Workflow', 'argo', 'w')).metadata.deletionTimestamp, undefined);
      }));

    test('no new finalizer can be added to an object being deleted; a client cannot set or clear deletionTimestamp', () =>
      withStore(factory, async ({ store }) => {
        const created = await store.create(
          held('w', [HOLD]) as Resource & { metadata: { deletionTimestamp?: string } },
        );
        const forged = await store.update({
          ...created,
          metadata: { ...created.metadata, deletionTimestamp: '2020-01-01T00:00:00Z' },
        });
        assert.equal(forged.metadata.deletionTimestamp, undefined);
        await store.delete('Workflow', 'argo', 'w');
        const marked = await store.get('Workflow', 'argo', 'w');
        await assert.rejects(
          store.update({ ...marked, metadata: { ...marked.metadata, finalizers: [HOLD, OTHER] } }),
          (err: Error) => err instanceof ValidationError && err.message.includes('metadata.finalizers'),
        );
        const { deletionTimestamp: _gone, ...meta } = marked.metadata;
        const kept = await store.update<Resource>({ ...marked, metadata: meta });
        assert.equal(kept.metadata.deletionTimestamp, marked.metadata.deletionTimestamp);
      }));

    test('finalizers must be a list of non-empty strings', () =>
      withStore(factory, async ({ store }) => {
        await assert.rejects(
          store.create(workflow('w', { metadata: { finalizers: [''] } })),
          (err: Error) => err instanceof ValidationError && err.message.includes('metadata.finalizers[0]'),
        );
      }));

    test('watchers see the mark as MODIFIED and the removal as DELETED with the last state', () =>
      withStore(factory, async ({ store }) => {
        const { resourceVersion } = await store.list('ConfigMap');
        const w = await collect(store, 'ConfigMap', { resourceVersion });
        const created = await store.create({
          ...configMap('c'),
          metadata: { ...configMap('c').metadata, finalizers: [HOLD] },
        });
        await w.until(1);
        await store.delete('ConfigMap', 'argo', 'c');
        await w.until(2);
        const marked = await store.get('ConfigMap', 'argo', 'c');
        await store.update(without(marked, HOLD));
        await w.until(3);
        await tick(20);
        const rv = Number(created.metadata.resourceVersion);
        assert.deepEqual(summary(w.events), [`ADDED c ${rv}`, `MODIFIED c ${rv + 1}`, `DELETED c ${rv + 2}`]);
        assert.ok(w.events[1]?.object.metadata.deletionTimestamp);
        const last = w.events[2]?.object.metadata;
        assert.deepEqual(last?.finalizers, []);
        assert.equal(last?.deletionTimestamp, marked.metadata.deletionTimestamp);
        w.stop();
      }));
  });
}
