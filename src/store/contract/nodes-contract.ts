/** Contract: a Workflow's status.nodes stored as rows, assembled on read, written when changed. */

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Resource } from '../store.js';
import { collect, node, nodeMap, nodesOf, type StoreFactory, withStore, workflow } from './harness.js';

type Wf = Resource & { status: { phase?: string; nodes?: Record<string, Record<string, unknown>> } };

export function nodesContract(factory: StoreFactory): void {
  describe('workflow nodes', () => {
    test('round-trip: nodes written on create come back on get and list, sorted by id', () =>
      withStore(factory, async ({ store }) => {
        const nodes = { b: node('b'), a: node('a'), c: node('c', 'Succeeded') };
        const created = await store.create<Wf>(workflow('w', { status: { phase: 'Running', nodes } }) as Wf);
        assert.deepEqual(nodesOf(created), nodes);
        const got = await store.get<Wf>('Workflow', 'argo', 'w');
        assert.deepEqual(got.status, { phase: 'Running', nodes });
        assert.deepEqual(Object.keys(nodesOf(got) ?? {}), ['a', 'b', 'c']);
        assert.deepEqual(nodesOf((await store.list('Workflow')).items[0]!), nodes);
      }));

    test('withNodes: false skips assembling nodes', () =>
      withStore(factory, async ({ store }) => {
        await store.create(workflow('w', { status: { phase: 'Running', nodes: nodeMap(3) } }));
        const got = await store.get<Wf>('Workflow', 'argo', 'w', { withNodes: false });
        assert.deepEqual(got.status, { phase: 'Running' });
        const list = await store.list<Wf>('Workflow', { withNodes: false });
        assert.equal(nodesOf(list.items[0]!), undefined);
      }));

    test('an update without hint writes added, changed and removed nodes', () =>
      withStore(factory, async ({ store }) => {
        const v1 = await store.create<Wf>(workflow('w', { status: { nodes: nodeMap(4) } }) as Wf);
        const nodes = { ...nodesOf(v1) };
        nodes['n-1'] = node('n-1', 'Succeeded');
        delete nodes['n-2'];
        nodes['n-9'] = node('n-9');
        await store.update({ ...v1, status: { ...v1.status, nodes } });
        assert.deepEqual(nodesOf(await store.get('Workflow', 'argo', 'w')), nodes);
      }));

    test('an update with changedNodeIds writes only those nodes', () =>
      withStore(factory, async ({ store }) => {
        const v1 = await store.create<Wf>(workflow('w', { status: { nodes: nodeMap(4) } }) as Wf);
        const nodes = { ...nodesOf(v1) };
        nodes['n-0'] = node('n-0', 'Succeeded');
        nodes['n-1'] = node('n-1', 'Failed'); // not named in the hint: not written
        delete nodes['n-3'];
        nodes['n-7'] = node('n-7');
        await store.update({ ...v1, status: { nodes } }, { changedNodeIds: ['n-0', 'n-3', 'n-7'] });
        const stored = nodesOf(await store.get('Workflow', 'argo', 'w')) ?? {};
        assert.deepEqual(Object.keys(stored), ['n-0', 'n-1', 'n-2', 'n-7']);
        assert.equal(stored['n-0']?.phase, 'Succeeded');
        assert.equal(stored['n-1']?.phase, 'Running');
      }));

    test('status.nodes absent keeps the stored nodes; {} removes them', () =>
      withStore(factory, async ({ store }) => {
        const v1 = await store.create<Wf>(
          workflow('w', { status: { phase: 'Running', nodes: nodeMap(2) } }) as Wf,
        );
        const v2 = await store.update({ ...v1, status: { phase: 'Succeeded' } });
        const got = await store.get<Wf>('Workflow', 'argo', 'w');
        assert.equal(got.status.phase, 'Succeeded');
        assert.deepEqual(nodesOf(got), nodeMap(2));
        await store.update({ ...v2, status: { phase: 'Succeeded', nodes: {} } });
        assert.equal(nodesOf(await store.get('Workflow', 'argo', 'w')), undefined);
      }));

    test('a deleted workflow takes its nodes; a new one of the same name starts empty', () =>
      withStore(factory, async ({ store }) => {
        await store.create(workflow('w', { status: { nodes: nodeMap(3) } }));
        await store.delete('Workflow', 'argo', 'w');
        await store.create(workflow('w'));
        assert.equal(nodesOf(await store.get('Workflow', 'argo', 'w')), undefined);
      }));

    test('watch events carry the nodes', () =>
      withStore(factory, async ({ store }) => {
        const w = await collect(store, 'Workflow', { resourceVersion: '0' });
        const bare = await collect(store, 'Workflow', { resourceVersion: '0', withNodes: false });
        await store.create(workflow('w', { status: { nodes: nodeMap(2) } }));
        await w.until(1);
        await bare.until(1);
        assert.deepEqual(nodesOf(w.events[0]!.object), nodeMap(2));
        assert.equal(nodesOf(bare.events[0]!.object), undefined);
        w.stop();
        bare.stop();
      }));

    test('node maps of other kinds are stored as they are', () =>
      withStore(factory, async ({ store }) => {
        const obj = {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'c', namespace: 'argo' },
          status: { nodes: { x: 1 } },
        };
        await store.create(obj as Resource);
        assert.deepEqual(nodesOf(await store.get('ConfigMap', 'argo', 'c')), { x: 1 });
      }));
  });
}
