/** Contract: create, get, update, delete. */

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AlreadyExistsError, ConflictError, NotFoundError, ValidationError } from '../../errors/index.js';
import type { Resource } from '../store.js';
import { configMap, type StoreFactory, withStore, workflow } from './harness.js';

type WithSpec = Resource & { spec: Record<string, unknown>; status?: Record<string, unknown> };

export function crudContract(factory: StoreFactory): void {
  describe('create / get', () => {
    test('assigns uid, resourceVersion, generation and creationTimestamp from the clock', () =>
      withStore(factory, async ({ store }) => {
        const created = await store.create(workflow('hello'));
        assert.match(created.metadata.uid ?? '', /^[0-9a-f-]{36}$/);
        assert.match(created.metadata.resourceVersion ?? '', /^\d+$/);
        assert.equal(created.metadata.generation, 1);
        assert.equal(created.metadata.creationTimestamp, '2024-05-06T07:08:09Z');
        assert.deepEqual(await store.get('Workflow', 'argo', 'hello'), created);
      }));

    test('refuses an existing name with AlreadyExistsError', () =>
      withStore(factory, async ({ store }) => {
        await store.create(workflow('dup'));
        await assert.rejects(store.create(workflow('dup')), (err: Error) => {
          assert.ok(err instanceof AlreadyExistsError);
          assert.equal(err.message, 'workflows.argoproj.io "dup" already exists');
          return true;
        });
        await store.create(workflow('dup', {}, 'other')); // another namespace is another name
      }));

    test('generateName gets 5 characters of the Kubernetes alphabet', () =>
      withStore(factory, async ({ store }) => {
        const seen = new Set<string>();
        for (let i = 0; i < 20; i++) {
          const wf = await store.create(workflow('', { metadata: { generateName: 'hello-' } }));
          assert.match(wf.metadata.name ?? '', /^hello-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
          seen.add(wf.metadata.name ?? '');
        }
        assert.equal(seen.size, 20);
      }));

    test('NotFoundError names the resource like Kubernetes', () =>
      withStore(factory, async ({ store }) => {
        await assert.rejects(store.get('Workflow', 'argo', 'x'), (err: Error) => {
          assert.ok(err instanceof NotFoundError);
          assert.equal(err.message, 'workflows.argoproj.io "x" not found');
          return true;
        });
      }));

    test('invalid objects are refused with a ValidationError naming the field, and nothing is stored', () =>
      withStore(factory, async ({ store }) => {
        const cases: Array<[Resource, string]> = [
          [{ ...workflow('a'), metadata: { name: 'a' } }, 'metadata.namespace'],
          [workflow('Not_Valid'), 'metadata.name'],
          [workflow(''), 'metadata.name'],
          [{ ...workflow('a'), kind: '' }, 'kind'],
          [{ ...workflow('a'), apiVersion: '' }, 'apiVersion'],
          [workflow('a', { metadata: { labels: { 'bad key!': 'x' } } }), 'metadata.labels.bad key!'],
          [workflow('a', { metadata: { labels: { ok: 'bad value!' } } }), 'metadata.labels.ok'],
        ];
        for (const [obj, path] of cases) {
          await assert.rejects(
            store.create(obj),
            (err: Error) => err instanceof ValidationError && err.path === path,
          );
        }
        const list = await store.list('Workflow');
        assert.equal(list.items.length, 0);
        assert.equal(list.resourceVersion, '0');
      }));

    test('cluster-scoped kinds live under namespace ""', () =>
      withStore(factory, async ({ store }) => {
        const cwt = await store.create({
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'ClusterWorkflowTemplate',
          metadata: { name: 'shared', namespace: 'ignored' },
          spec: {},
        } as Resource);
        assert.equal(cwt.metadata.namespace, undefined);
        assert.equal(
          (await store.get('ClusterWorkflowTemplate', '', 'shared')).metadata.uid,
          cwt.metadata.uid,
        );
        const list = await store.list('ClusterWorkflowTemplate', { namespace: 'argo' });
        assert.equal(list.items.length, 1);
      }));

    test('returns copies: changing a returned object does not change the store', () =>
      withStore(factory, async ({ store }) => {
        const input = configMap('c', { a: 'b' });
        const created = await store.create(input);
        created.metadata.labels = { changed: 'yes' };
        (input as unknown as { data: Record<string, string> }).data.a = 'changed';
        const got = await store.get<Resource & { data: Record<string, string> }>('ConfigMap', 'argo', 'c');
        assert.deepEqual(got.metadata.labels, { a: 'b' });
        assert.equal(got.data.a, '1');
      }));
  });

  describe('update / delete', () => {
    test('update needs the stored resourceVersion, else ConflictError', () =>
      withStore(factory, async ({ store }) => {
        const v1 = await store.create<WithSpec>(workflow('w') as WithSpec);
        const v2 = await store.update({ ...v1, status: { phase: 'Running' } });
        assert.ok(Number(v2.metadata.resourceVersion) > Number(v1.metadata.resourceVersion));
        assert.equal(v2.metadata.generation, 1, 'a status change keeps the generation');
        assert.equal(v2.metadata.uid, v1.metadata.uid);
        assert.equal(v2.metadata.creationTimestamp, v1.metadata.creationTimestamp);
        await assert.rejects(store.update({ ...v1, status: { phase: 'Failed' } }), (err: Error) => {
          assert.ok(err instanceof ConflictError);
          assert.match(
            err.message,
            /^Operation cannot be fulfilled on workflows.argoproj.io "w": the object has been modified/,
          );
          return true;
        });
        const v3 = await store.update({ ...v2, spec: { ...v2.spec, entrypoint: 'other' } });
        assert.equal(v3.metadata.generation, 2, 'a spec change bumps the generation');
        assert.deepEqual(await store.get('Workflow', 'argo', 'w'), v3);
      }));

    test('update refuses a missing resourceVersion, a missing object and a different uid', () =>
      withStore(factory, async ({ store }) => {
        const v1 = await store.create(workflow('w'));
        const noRv = { ...v1, metadata: { ...v1.metadata, resourceVersion: undefined } };
        await assert.rejects(store.update(noRv), (err: Error) => err instanceof ValidationError);
        const other = { ...v1, metadata: { ...v1.metadata, name: 'ghost' } };
        await assert.rejects(store.update(other), NotFoundError);
        const wrongUid = { ...v1, metadata: { ...v1.metadata, uid: 'someone-else' } };
        await assert.rejects(store.update(wrongUid), ConflictError);
      }));

    test('resourceVersions increase across kinds', () =>
      withStore(factory, async ({ store }) => {
        const a = await store.create(workflow('a'));
        const b = await store.create(configMap('b'));
        const c = await store.update(a);
        const rvs = [a, b, c].map((o) => Number(o.metadata.resourceVersion));
        assert.deepEqual(rvs, [1, 2, 3]);
      }));

    test('delete removes the object; deleting again is NotFoundError; a stale precondition is ConflictError', () =>
      withStore(factory, async ({ store }) => {
        const v1 = await store.create(configMap('c'));
        await store.update(v1);
        await assert.rejects(
          store.delete('ConfigMap', 'argo', 'c', { resourceVersion: v1.metadata.resourceVersion ?? '' }),
          ConflictError,
        );
        await store.delete('ConfigMap', 'argo', 'c');
        await assert.rejects(store.get('ConfigMap', 'argo', 'c'), NotFoundError);
        await assert.rejects(store.delete('ConfigMap', 'argo', 'c'), NotFoundError);
        await store.create(configMap('c')); // the name is free again
      }));
  });
}
