/** Contract: list with namespaces, label and field selectors, and pages. */

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ValidationError } from '../../errors/index.js';
import type { Store } from '../store.js';
import { configMap, names, type StoreFactory, withStore, workflow } from './harness.js';

async function seedLabelled(store: Store): Promise<void> {
  await store.create(configMap('a', { app: 'web', tier: 'front' }));
  await store.create(configMap('b', { app: 'web', tier: 'back' }));
  await store.create(configMap('c', { app: 'db' }));
  await store.create(configMap('d', {}));
  await store.create(configMap('e', { app: 'web' }, 'other'));
}

export function listContract(factory: StoreFactory): void {
  describe('list', () => {
    test('lists one namespace or all, in (namespace, name) order', () =>
      withStore(factory, async ({ store }) => {
        await seedLabelled(store);
        await store.create(workflow('w'));
        assert.deepEqual(names((await store.list('ConfigMap', { namespace: 'argo' })).items), [
          'a',
          'b',
          'c',
          'd',
        ]);
        assert.deepEqual(names((await store.list('ConfigMap')).items), ['a', 'b', 'c', 'd', 'e']);
        assert.deepEqual(names((await store.list('ConfigMap', { namespace: 'nowhere' })).items), []);
        const list = await store.list('ConfigMap');
        assert.equal(list.resourceVersion, '6');
        assert.equal(list.continue, undefined);
      }));

    test('label selectors with every Kubernetes operator', () =>
      withStore(factory, async ({ store }) => {
        await seedLabelled(store);
        const cases: Array<[string, string[]]> = [
          ['app=web', ['a', 'b', 'e']],
          ['app==web', ['a', 'b', 'e']],
          ['app!=web', ['c', 'd']],
          ['app in (web, db)', ['a', 'b', 'c', 'e']],
          ['app notin (web)', ['c', 'd']],
          ['tier', ['a', 'b']],
          ['!tier', ['c', 'd', 'e']],
          ['app=web,tier=front', ['a']],
          ['app=web, !tier', ['e']],
          ['app in (web),tier notin (front)', ['b', 'e']],
          ['', ['a', 'b', 'c', 'd', 'e']],
          ['app=nothing', []],
        ];
        for (const [labelSelector, expected] of cases) {
          assert.deepEqual(
            names((await store.list('ConfigMap', { labelSelector })).items),
            expected,
            labelSelector,
          );
        }
      }));

    test('bad label selectors are a ValidationError', () =>
      withStore(factory, async ({ store }) => {
        for (const labelSelector of [
          'app in (',
          'app in ()',
          'a b',
          '=x',
          'app=web,',
          'app in (a b)',
          'bad key!=x',
          'a=(',
        ]) {
          await assert.rejects(
            store.list('ConfigMap', { labelSelector }),
            (err: Error) => err instanceof ValidationError && err.path === 'labelSelector',
            labelSelector,
          );
        }
      }));

    test('field selectors on name, namespace and status.phase', () =>
      withStore(factory, async ({ store }) => {
        await store.create(workflow('run', { status: { phase: 'Running' } }));
        await store.create(workflow('done', { status: { phase: 'Succeeded' } }));
        await store.create(workflow('new'));
        await store.create(workflow('run', { status: { phase: 'Running' } }, 'other'));
        const cases: Array<[string, string[]]> = [
          ['status.phase=Running', ['run', 'run']],
          ['status.phase!=Running', ['done', 'new']],
          ['status.phase=', ['new']],
          ['metadata.name=done', ['done']],
          ['metadata.namespace==other', ['run']],
          ['metadata.name=run,metadata.namespace=argo', ['run']],
        ];
        for (const [fieldSelector, expected] of cases) {
          assert.deepEqual(
            names((await store.list('Workflow', { fieldSelector })).items),
            expected,
            fieldSelector,
          );
        }
        await assert.rejects(
          store.list('Workflow', { fieldSelector: 'spec.entrypoint=main' }),
          ValidationError,
        );
        await assert.rejects(store.list('Workflow', { fieldSelector: 'nonsense' }), ValidationError);
      }));

    test('nameFilter Contains and Prefix match metadata.name case-sensitively, wildcards literal', () =>
      withStore(factory, async ({ store }) => {
        for (const n of ['build-a1', 'build-b2', 'deploy-a1', 'x-100', 'x1000'])
          await store.create(configMap(n));
        const list = async (fieldSelector: string, nameFilter: 'Exact' | 'Contains' | 'Prefix') =>
          names((await store.list('ConfigMap', { fieldSelector, nameFilter })).items);
        assert.deepEqual(await list('metadata.name=a1', 'Contains'), ['build-a1', 'deploy-a1']);
        assert.deepEqual(await list('metadata.name=build', 'Prefix'), ['build-a1', 'build-b2']);
        assert.deepEqual(await list('metadata.name=build', 'Exact'), []);
        assert.deepEqual(await list('metadata.name=A1', 'Contains'), []);
        assert.deepEqual(await list('metadata.name=x_1', 'Contains'), []);
        assert.deepEqual(await list('metadata.name=x-1', 'Prefix'), ['x-100']);
        assert.deepEqual(await list('metadata.name=%', 'Contains'), []);
        const paged = await store.list('ConfigMap', {
          fieldSelector: 'metadata.name=-',
          nameFilter: 'Contains',
          limit: 2,
        });
        assert.deepEqual(names(paged.items), ['build-a1', 'build-b2']);
        const rest = await store.list('ConfigMap', {
          fieldSelector: 'metadata.name=-',
          nameFilter: 'Contains',
          limit: 2,
          continue: paged.continue,
        });
        assert.deepEqual(names(rest.items), ['deploy-a1', 'x-100']);
      }));

    test('pages with limit and continue, keeping the first page resourceVersion', () =>
      withStore(factory, async ({ store }) => {
        for (const n of ['e', 'a', 'd', 'b', 'c']) await store.create(configMap(n));
        const seen: string[] = [];
        let token: string | undefined;
        let pages = 0;
        let firstRv: string | undefined;
        do {
          const page = await store.list('ConfigMap', { limit: 2, ...(token ? { continue: token } : {}) });
          firstRv ??= page.resourceVersion;
          assert.equal(page.resourceVersion, firstRv);
          seen.push(...names(page.items));
          token = page.continue;
          pages++;
          if (pages === 1) await store.create(configMap('f')); // written between pages: later pages see it
        } while (token);
        assert.deepEqual(seen, ['a', 'b', 'c', 'd', 'e', 'f']);
        assert.equal(pages, 3);
        const exact = await store.list('ConfigMap', { limit: 6 });
        assert.equal(exact.continue, undefined);
        await assert.rejects(store.list('ConfigMap', { continue: 'garbage' }), ValidationError);
        await assert.rejects(store.list('ConfigMap', { limit: -1 }), ValidationError);
      }));

    test('paging combines with selectors', () =>
      withStore(factory, async ({ store }) => {
        await seedLabelled(store);
        const first = await store.list('ConfigMap', { labelSelector: 'app=web', limit: 2 });
        assert.deepEqual(names(first.items), ['a', 'b']);
        const second = await store.list('ConfigMap', {
          labelSelector: 'app=web',
          limit: 2,
          continue: first.continue ?? '',
        });
        assert.deepEqual(names(second.items), ['e']);
        assert.equal(second.continue, undefined);
      }));
  });
}
