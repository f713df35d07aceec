import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { FakeRuntime } from '../runtime/index.js';
import type { Workflow } from '../spec/types.js';
import { MemoryStore, type Resource } from '../store/index.js';
import { WorkflowController } from './workflow-controller.js';

async function until<T>(what: string, check: () => Promise<T | undefined | false>, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function wf(name: string, spec: Record<string, unknown>): Workflow {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name, namespace: 'default' },
    spec,
  } as Workflow;
}

const running: WorkflowController[] = [];
after(async () => {
  for (const c of running) await c.stop();
});

async function controller(store: MemoryStore, runtime: FakeRuntime): Promise<WorkflowController> {
  const c = new WorkflowController({
    store,
    runtime,
    holder: `h${running.length}`,
    log: (m) => console.log(m),
  });
  running.push(c);
  await c.start();
  return c;
}

async function get(store: MemoryStore, name: string): Promise<Workflow> {
  return store.get<Workflow>('Workflow', 'default', name);
}

describe('controller: synchronization', () => {
  it('a workflow-level semaphore of limit 1 from a ConfigMap queues the second workflow', async () => {
    const store = new MemoryStore();
    const runtime = new FakeRuntime();
    await store.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'my-config', namespace: 'default' },
      data: { workflow: '1' },
    } as Resource);
    await controller(store, runtime);
    const spec = {
      entrypoint: 'main',
      synchronization: { semaphores: [{ configMapKeyRef: { name: 'my-config', key: 'workflow' } }] },
      templates: [{ name: 'main', container: { image: 'busybox', command: ['true'] } }],
    };
    await store.create(wf('first', spec));
    await until('first to run', async () => runtime.running().length === 1);
    await store.create(wf('second', spec));
    const second = await until('second to wait', async () => {
      const w = await get(store, 'second');
      return w.status?.message?.includes('Lock status') && w;
    });
    assert.equal(second.status?.phase, 'Pending');
    assert.equal(
      second.status?.message,
      'Waiting for default/ConfigMap/my-config/workflow lock. Lock status: 0/1',
    );
    assert.deepEqual(second.status?.synchronization, {
      semaphore: {
        waiting: [{ semaphore: 'default/ConfigMap/my-config/workflow', holders: ['default/first'] }],
      },
    });
    assert.deepEqual((await get(store, 'first')).status?.synchronization, {
      semaphore: { holding: [{ semaphore: 'default/ConfigMap/my-config/workflow', holders: ['first'] }] },
    });
    runtime.succeed(runtime.running()[0] ?? '');
    await until('second to succeed', async () => {
      for (const p of runtime.running()) runtime.succeed(p);
      return (await get(store, 'second')).status?.phase === 'Succeeded';
    });
    assert.equal((await get(store, 'first')).status?.phase, 'Succeeded');
  });

  it('a semaphore whose ConfigMap does not exist errors the workflow', async () => {
    const store = new MemoryStore();
    await controller(store, new FakeRuntime());
    await store.create(
      wf('lost', {
        entrypoint: 'main',
        synchronization: { semaphores: [{ configMapKeyRef: { name: 'nope', key: 'workflow' } }] },
        templates: [{ name: 'main', container: { image: 'busybox', command: ['true'] } }],
      }),
    );
    const w = await until('error', async () => {
      const x = await get(store, 'lost');
      return x.status?.phase === 'Error' && x;
    });
    assert.equal(
      w.status?.message,
      'failed to acquire lock default/ConfigMap/nope/workflow: configmaps "nope" not found',
    );
  });
});

describe('controller: memoization', () => {
  const memoSpec = (arg: string) => ({
    entrypoint: 'main',
    templates: [
      {
        name: 'main',
        memoize: { key: `greet-${arg}`, maxAge: '1h', cache: { configMap: { name: 'cache' } } },
        container: { image: 'busybox', command: ['echo', arg] },
        outputs: { parameters: [{ name: 'out', valueFrom: { path: '/tmp/out' } }] },
      },
    ],
  });

  it('saves a Succeeded node in the cache ConfigMap as Argo does, and the next run hits it without a pod', async () => {
    const store = new MemoryStore();
    const runtime = new FakeRuntime({
      onStart: () => ({
        phase: 'Succeeded',
        outputs: { parameters: [{ name: 'out', value: 'hello' }], artifacts: [], exitCode: '0' },
      }),
    });
    await controller(store, runtime);
    await store.create(wf('one', memoSpec('a')));
    await until('one', async () => (await get(store, 'one')).status?.phase === 'Succeeded');
    const cm = await until('cache entry', async () => {
      const c = await store
        .get<Resource & { data?: Record<string, string> }>('ConfigMap', 'default', 'cache')
        .catch(() => undefined);
      return c?.data?.['greet-a'] !== undefined && c;
    });
    assert.equal(cm.metadata.labels?.['workflows.argoproj.io/configmap-type'], 'Cache');
    const entry = JSON.parse(cm.data?.['greet-a'] ?? '{}');
    assert.equal(entry.nodeID, 'one');
    assert.deepEqual(entry.outputs.parameters, [
      { name: 'out', value: 'hello', valueFrom: { path: '/tmp/out' } },
    ]);
    assert.match(entry.creationTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const before = runtime.started.length;
    await store.create(wf('two', memoSpec('a')));
    const two = await until('two', async () => {
      const w = await get(store, 'two');
      return w.status?.phase === 'Succeeded' && w;
    });
    assert.equal(runtime.started.length, before, 'a hit starts no pod');
    assert.deepEqual(two.status?.nodes?.two?.memoizationStatus, {
      hit: true,
      key: 'greet-a',
      cacheName: 'cache',
    });
    assert.equal(two.status?.nodes?.two?.outputs?.parameters?.[0]?.value, 'hello');
    await store.create(wf('three', memoSpec('b')));
    await until('three', async () => (await get(store, 'three')).status?.phase === 'Succeeded');
    assert.equal(runtime.started.length, before + 1, 'another key misses and runs');
  });
});

describe('controller: resource templates on the store', () => {
  it('creates a child Workflow, waits for its successCondition, and passes its name on', async () => {
    const store = new MemoryStore();
    const runtime = new FakeRuntime({ onStart: () => ({ phase: 'Succeeded' }) });
    await controller(store, runtime);
    await store.create(
      wf('parent', {
        entrypoint: 'main',
        templates: [
          {
            name: 'main',
            steps: [
              [{ name: 'create', template: 'create' }],
              [
                {
                  name: 'label',
                  template: 'label',
                  arguments: {
                    parameters: [{ name: 'n', value: '{{steps.create.outputs.parameters.name}}' }],
                  },
                },
              ],
              [{ name: 'cm', template: 'cm' }],
              [{ name: 'pod', template: 'pod', continueOn: { failed: true } }],
            ],
          },
          {
            name: 'create',
            resource: {
              action: 'create',
              setOwnerReference: true,
              successCondition: 'status.phase == Succeeded',
              failureCondition: 'status.phase in (Failed, Error)',
              manifest:
                'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  generateName: child-\nspec:\n  entrypoint: c\n  templates:\n  - name: c\n    container: {image: busybox, command: ["true"]}\n',
            },
            outputs: { parameters: [{ name: 'name', valueFrom: { jsonPath: '{.metadata.name}' } }] },
          },
          {
            name: 'label',
            inputs: { parameters: [{ name: 'n' }] },
            resource: {
              action: 'patch',
              mergeStrategy: 'json',
              flags: ['workflow', '{{inputs.parameters.n}}'],
              manifest: '- op: add\n  path: /metadata/labels/foo\n  value: bar\n',
            },
          },
          {
            name: 'cm',
            resource: {
              action: 'apply',
              manifest: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: made\ndata:\n  k: v\n',
            },
          },
          {
            name: 'pod',
            resource: { action: 'create', manifest: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n' },
          },
        ],
      }),
    );
    const parent = await until(
      'parent',
      async () => {
        const w = await get(store, 'parent');
        return ['Succeeded', 'Failed', 'Error'].includes(w.status?.phase ?? '') && w;
      },
      15_000,
    );
    assert.equal(parent.status?.phase, 'Succeeded', JSON.stringify(parent.status?.nodes, null, 1));
    const nodes = Object.values(parent.status?.nodes ?? {});
    const create = nodes.find((n) => n.displayName === 'create');
    const childName = create?.outputs?.parameters?.[0]?.value ?? '';
    assert.match(childName, /^child-[a-z0-9]{5}$/);
    const child = await get(store, childName);
    assert.equal(child.status?.phase, 'Succeeded');
    assert.equal(child.metadata.labels?.foo, 'bar');
    assert.deepEqual(
      child.metadata.ownerReferences?.map((o) => [o.kind, o.name, o.uid]),
      [['Workflow', 'parent', parent.metadata.uid]],
    );
    const made = await store.get<Resource & { data?: Record<string, string> }>(
      'ConfigMap',
      'default',
      'made',
    );
    assert.deepEqual(made.data, { k: 'v' });
    assert.equal(child.metadata.labels?.['argosy.io/owner-workflow-uid'], parent.metadata.uid);
    // Deleting the owner deletes what it owns, as Kubernetes' garbage collector does.
    await store.delete('Workflow', 'default', 'parent');
    await until('owned child deleted', async () =>
      store.get('Workflow', 'default', childName).then(
        () => false,
        () => true,
      ),
    );
    await store.get('ConfigMap', 'default', 'made');
    const pod = nodes.find((n) => n.displayName === 'pod');
    assert.equal(pod?.phase, 'Failed');
    assert.match(pod?.message ?? '', /^kind Pod needs the kubernetes runtime/);
  });
});
