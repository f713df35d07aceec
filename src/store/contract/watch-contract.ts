/** Contract: watch ordering, resume, filters, other processes, expiry. */

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ResourceVersionExpiredError } from '../kinds.js';
import type { Resource } from '../store.js';
import { collect, configMap, type StoreFactory, tick, waitFor, withStore, workflow } from './harness.js';

const summary = (events: Array<{ type: string; object: Resource }>) =>
  events.map((e) => `${e.type} ${e.object.metadata.name} ${e.object.metadata.resourceVersion}`);

export function watchContract(factory: StoreFactory): void {
  describe('watch', () => {
    test('streams ADDED, MODIFIED, DELETED in resourceVersion order from a list', () =>
      withStore(factory, async ({ store }) => {
        await store.create(configMap('before'));
        const { resourceVersion } = await store.list('ConfigMap');
        const w = await collect(store, 'ConfigMap', { resourceVersion });
        const a = await store.create(configMap('a'));
        await store.create(workflow('other-kind'));
        await w.until(1);
        await store.update(a);
        await w.until(2);
        await store.delete('ConfigMap', 'argo', 'a');
        await w.until(3);
        await tick(20);
        assert.deepEqual(summary(w.events), ['ADDED a 2', 'MODIFIED a 4', 'DELETED a 5']);
        w.stop();
      }));

    test('a change overtaken before delivery gives way to the latest one, which keeps ADDED', () =>
      withStore(factory, async ({ store }) => {
        const b = await store.create(configMap('b'));
        const a = await store.create(configMap('a', { v: '1' }));
        const a2 = await store.update({ ...a, metadata: { ...a.metadata, labels: { v: '2' } } });
        await store.update(b);
        await store.update({ ...a2, metadata: { ...a2.metadata, labels: { v: '3' } } });
        const gone = await store.create(configMap('gone'));
        await store.delete('ConfigMap', 'argo', 'gone');
        await store.delete('ConfigMap', 'argo', 'b');
        // Replayed from b's creation: every later event is read after all of them were written.
        const w = await collect(store, 'ConfigMap', { resourceVersion: b.metadata.resourceVersion ?? '' });
        await w.until(2);
        await tick(30);
        assert.deepEqual(summary(w.events), ['ADDED a 5', 'DELETED b 8']);
        assert.deepEqual(w.events[0]?.object.metadata.labels, { v: '3' }, 'the latest state');
        assert.equal(gone.metadata.resourceVersion, '6', 'created and deleted unseen: not announced');
        w.stop();
      }));

    test('resumes after a resourceVersion by replaying stored events', () =>
      withStore(factory, async ({ store }) => {
        const a = await store.create(configMap('a'));
        await store.create(configMap('b'));
        await store.update(a);
        const w = await collect(store, 'ConfigMap', { resourceVersion: a.metadata.resourceVersion ?? '' });
        await store.create(configMap('c'));
        await w.until(3);
        assert.deepEqual(summary(w.events), ['ADDED b 2', 'MODIFIED a 3', 'ADDED c 4']);
        w.stop();
      }));

    test('without resourceVersion: ADDED for what exists, then changes', () =>
      withStore(factory, async ({ store }) => {
        await store.create(configMap('x'));
        await store.create(configMap('y'));
        const w = await collect(store, 'ConfigMap');
        await store.create(configMap('z'));
        await w.until(3);
        assert.deepEqual(summary(w.events), ['ADDED x 1', 'ADDED y 2', 'ADDED z 3']);
        w.stop();
      }));

    test('events arrive asynchronously, never inside watch() or the write', () =>
      withStore(factory, async ({ store }) => {
        await store.create(configMap('x'));
        const w = await collect(store, 'ConfigMap', { resourceVersion: '0' });
        assert.equal(w.events.length, 0);
        await w.until(1);
        w.stop();
      }));

    test('filters by namespace, labels and fields', () =>
      withStore(factory, async ({ store }) => {
        const w = await collect(store, 'ConfigMap', {
          namespace: 'argo',
          labelSelector: 'app=web',
          resourceVersion: '0',
        });
        const f = await collect(store, 'ConfigMap', {
          fieldSelector: 'metadata.name=b',
          resourceVersion: '0',
        });
        await store.create(configMap('a', { app: 'web' }));
        await store.create(configMap('b', { app: 'db' }));
        await store.create(configMap('c', { app: 'web' }, 'other'));
        await store.create(configMap('d', { app: 'web' }));
        await w.until(2);
        await f.until(1);
        await tick(20);
        assert.deepEqual(summary(w.events), ['ADDED a 1', 'ADDED d 4']);
        assert.deepEqual(summary(f.events), ['ADDED b 2']);
        w.stop();
        f.stop();
      }));

    test('skip passes over events by their header, before the object is read', () =>
      withStore(factory, async ({ store }) => {
        const headers: string[] = [];
        const w = await collect(store, 'ConfigMap', {
          resourceVersion: '0',
          skip: (h) => {
            headers.push(`${h.type} ${h.namespace}/${h.name} ${h.resourceVersion}`);
            return h.name === 'mine';
          },
        });
        await store.create(configMap('mine'));
        await store.create(configMap('theirs'));
        await w.until(1);
        await tick(20);
        assert.deepEqual(summary(w.events), ['ADDED theirs 2']);
        assert.deepEqual(headers, ['ADDED argo/mine 1', 'ADDED argo/theirs 2']);
        w.stop();
      }));

    test('unsubscribe stops delivery', () =>
      withStore(factory, async ({ store }) => {
        const w = await collect(store, 'ConfigMap', { resourceVersion: '0' });
        await store.create(configMap('a'));
        await w.until(1);
        w.stop();
        await store.create(configMap('b'));
        await tick(120);
        assert.equal(w.events.length, 1);
      }));

    test('sees changes written by another process on the same database', () =>
      withStore(factory, async ({ store, openPeer }) => {
        const peer = await openPeer();
        const w = await collect(store, 'Workflow', { resourceVersion: '0' });
        const created = await peer.create(workflow('from-peer'));
        await w.until(1);
        await peer.update({ ...created, status: { phase: 'Running' } } as Resource);
        await w.until(2);
        assert.deepEqual(summary(w.events), ['ADDED from-peer 1', 'MODIFIED from-peer 2']);
        const viaPeer = await collect(peer, 'Workflow', { resourceVersion: '2' });
        await store.delete('Workflow', 'argo', 'from-peer');
        await viaPeer.until(1);
        assert.deepEqual(summary(viaPeer.events), ['DELETED from-peer 3']);
        w.stop();
        viaPeer.stop();
      }));

    test('a resourceVersion older than the kept events is ResourceVersionExpiredError', () =>
      withStore(
        factory,
        async ({ store, clock }) => {
          for (let i = 0; i < 10; i++) {
            clock.advance(1000);
            await store.create(configMap(`c${i}`));
          }
          await assert.rejects(
            store.watch('ConfigMap', { resourceVersion: '1' }, () => {}),
            ResourceVersionExpiredError,
          );
          const w = await collect(store, 'ConfigMap', { resourceVersion: '9' });
          await w.until(1);
          assert.deepEqual(summary(w.events), ['ADDED c9 10']);
          w.stop();
        },
        { keepCount: 2, keepMs: 0, everyWrites: 1 },
      ));

    test('a callback that throws stops its watch and reaches onError', () =>
      withStore(factory, async ({ store }) => {
        const errors: Error[] = [];
        let calls = 0;
        const stop = await store.watch(
          'ConfigMap',
          { resourceVersion: '0', onError: (e) => errors.push(e) },
          () => {
            calls++;
            throw new Error('boom');
          },
        );
        await store.create(configMap('a'));
        await waitFor(() => errors.length === 1, 2000, 'onError');
        await store.create(configMap('b'));
        await tick(100);
        assert.equal(calls, 1);
        assert.equal(errors[0]?.message, 'boom');
        stop();
      }));
  });
}
