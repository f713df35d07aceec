import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../errors/index.js';
import type { Workflow, WorkflowSpec } from '../spec/types.js';
import { MemoryStore } from '../store/index.js';
import { LABEL_CLUSTER_WORKFLOW_TEMPLATE, LABEL_WORKFLOW_TEMPLATE } from './labels.js';
import { resolveWorkflowRefs } from './resolve-workflow-refs.js';
import { flattenChains, loadTemplateCatalog } from './template-catalog.js';

const say = (name: string) => ({ name, container: { name: 'main', image: 'x', command: ['echo', name] } });

async function storeWith(
  ...templates: Array<{ kind: string; name: string; namespace?: string; spec: object }>
) {
  const store = new MemoryStore();
  for (const t of templates) {
    await store.create({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: t.kind,
      metadata: {
        name: t.name,
        ...(t.kind === 'WorkflowTemplate' ? { namespace: t.namespace ?? 'default' } : {}),
      },
      spec: t.spec,
    });
  }
  return store;
}

const wf = (spec: object, namespace = 'default'): Workflow => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Workflow',
  metadata: { generateName: 'w-', namespace },
  spec: spec as WorkflowSpec,
});

describe('resolveWorkflowRefs against the store', () => {
  it('stores the joined spec and labels a workflowTemplateRef workflow', async () => {
    const store = await storeWith({
      kind: 'WorkflowTemplate',
      name: 'lib',
      spec: {
        entrypoint: 'hello',
        arguments: { parameters: [{ name: 'm', value: 'x' }] },
        templates: [say('hello')],
      },
    });
    const out = await resolveWorkflowRefs(
      store,
      wf({ workflowTemplateRef: { name: 'lib' }, arguments: { parameters: [{ name: 'm', value: 'y' }] } }),
    );
    assert.equal(out.metadata.labels?.[LABEL_WORKFLOW_TEMPLATE], 'lib');
    assert.equal(out.status?.storedWorkflowTemplateSpec?.entrypoint, 'hello');
    assert.deepEqual(out.status?.storedWorkflowTemplateSpec?.arguments?.parameters, [
      { name: 'm', value: 'y' },
    ]);
  });

  it('resolves clusterScope refs to ClusterWorkflowTemplates, and templateRefs with their siblings', async () => {
    const store = await storeWith(
      {
        kind: 'ClusterWorkflowTemplate',
        name: 'cl',
        spec: { templates: [say('a'), { name: 'both', steps: [[{ name: 's', template: 'a' }]] }] },
      },
      { kind: 'WorkflowTemplate', name: 'ns', spec: { templates: [say('b')] } },
    );
    const out = await resolveWorkflowRefs(
      store,
      wf({
        entrypoint: 'main',
        templates: [
          {
            name: 'main',
            steps: [
              [
                { name: 'x', templateRef: { name: 'cl', template: 'both', clusterScope: true } },
                { name: 'y', templateRef: { name: 'ns', template: 'b' } },
              ],
            ],
          },
        ],
      }),
    );
    assert.deepEqual(Object.keys(out.status?.storedTemplates ?? {}).sort(), [
      'cluster/cl/a',
      'cluster/cl/both',
      'namespaced/ns/b',
    ]);
    const cluster = await resolveWorkflowRefs(
      store,
      wf({ workflowTemplateRef: { name: 'cl', clusterScope: true }, entrypoint: 'a' }),
    );
    assert.equal(cluster.metadata.labels?.[LABEL_CLUSTER_WORKFLOW_TEMPLATE], 'cl');
  });

  it('looks only in the workflow namespace for WorkflowTemplates', async () => {
    const store = await storeWith({
      kind: 'WorkflowTemplate',
      name: 'lib',
      namespace: 'other',
      spec: { templates: [say('a')] },
    });
    await assert.rejects(
      resolveWorkflowRefs(store, wf({ workflowTemplateRef: { name: 'lib' } })),
      (e: unknown) =>
        e instanceof ValidationError &&
        /WorkflowTemplate "lib" not found in namespace "default"/.test(e.message),
    );
    await assert.rejects(
      resolveWorkflowRefs(
        store,
        wf({
          entrypoint: 'm',
          templates: [{ name: 'm', steps: [[{ name: 's', templateRef: { name: 'lib', template: 'a' } }]] }],
        }),
      ),
      (e: unknown) =>
        e instanceof ValidationError &&
        /templateRef to lib\/a, which is not stored in namespace "default"/.test(e.message),
    );
    assert.ok(
      await resolveWorkflowRefs(
        store,
        wf({ workflowTemplateRef: { name: 'lib' }, entrypoint: 'a' }, 'other'),
      ),
    );
  });

  it('follows a WorkflowTemplate that itself runs another, and refuses a cycle', async () => {
    const store = await storeWith(
      {
        kind: 'WorkflowTemplate',
        name: 'base',
        spec: { entrypoint: 'a', templates: [say('a')], parallelism: 3 },
      },
      {
        kind: 'WorkflowTemplate',
        name: 'mid',
        spec: { workflowTemplateRef: { name: 'base' }, parallelism: 1 },
      },
    );
    const out = await resolveWorkflowRefs(store, wf({ workflowTemplateRef: { name: 'mid' } }));
    assert.equal(out.status?.storedWorkflowTemplateSpec?.parallelism, 1);
    assert.deepEqual(
      out.status?.storedWorkflowTemplateSpec?.templates?.map((t) => t.name),
      ['a'],
    );
    const loop = await storeWith(
      { kind: 'WorkflowTemplate', name: 'x', spec: { workflowTemplateRef: { name: 'y' } } },
      { kind: 'WorkflowTemplate', name: 'y', spec: { workflowTemplateRef: { name: 'x' } } },
    );
    await assert.rejects(
      loadTemplateCatalog(loop, 'default'),
      (e: unknown) =>
        e instanceof ValidationError &&
        /workflowTemplateRef cycle: WorkflowTemplate\/x -> WorkflowTemplate\/y -> WorkflowTemplate\/x/.test(
          e.message,
        ),
    );
  });

  it('lets documents given alongside win over stored ones', async () => {
    const store = await storeWith({
      kind: 'WorkflowTemplate',
      name: 'lib',
      spec: { entrypoint: 'old', templates: [say('old')] },
    });
    const out = await resolveWorkflowRefs(store, wf({ workflowTemplateRef: { name: 'lib' } }), {
      docs: [
        {
          kind: 'WorkflowTemplate',
          value: { metadata: { name: 'lib' }, spec: { entrypoint: 'new', templates: [say('new')] } },
        },
      ],
    });
    assert.equal(out.status?.storedWorkflowTemplateSpec?.entrypoint, 'new');
  });

  it('a self-reference is a cycle too', () => {
    assert.throws(
      () =>
        flattenChains(
          new Map([
            [
              'namespaced/me',
              { kind: 'WorkflowTemplate', name: 'me', spec: { workflowTemplateRef: { name: 'me' } } },
            ],
          ]),
        ),
      /cycle: WorkflowTemplate\/me -> WorkflowTemplate\/me/,
    );
  });
});

describe('a broken chain', () => {
  it('blocks only the workflows that use it', async () => {
    const store = await storeWith(
      { kind: 'WorkflowTemplate', name: 'ok', spec: { entrypoint: 'a', templates: [say('a')] } },
      { kind: 'WorkflowTemplate', name: 'dangling', spec: { workflowTemplateRef: { name: 'deleted' } } },
    );
    assert.ok(await resolveWorkflowRefs(store, wf({ workflowTemplateRef: { name: 'ok' } })));
    await assert.rejects(
      resolveWorkflowRefs(store, wf({ workflowTemplateRef: { name: 'dangling' } })),
      (e: unknown) =>
        e instanceof ValidationError &&
        /WorkflowTemplate "dangling": .*WorkflowTemplate\/deleted not found/.test(e.message),
    );
  });
});

describe('templateRef in lifecycle hooks', () => {
  it('stores the templates that workflow and step hooks name', async () => {
    const store = await storeWith({
      kind: 'WorkflowTemplate',
      name: 'notify',
      spec: { templates: [say('done'), say('step-hook')] },
    });
    const out = await resolveWorkflowRefs(
      store,
      wf({
        entrypoint: 'main',
        hooks: { exit: { templateRef: { name: 'notify', template: 'done' } } },
        templates: [
          {
            name: 'main',
            steps: [
              [
                {
                  name: 's',
                  template: 'main',
                  hooks: {
                    running: { expression: 'true', templateRef: { name: 'notify', template: 'step-hook' } },
                  },
                },
              ],
            ],
          },
        ],
      }),
    );
    assert.deepEqual(Object.keys(out.status?.storedTemplates ?? {}).sort(), [
      'namespaced/notify/done',
      'namespaced/notify/step-hook',
    ]);
    await assert.rejects(
      resolveWorkflowRefs(
        store,
        wf({
          entrypoint: 'm',
          hooks: { exit: { templateRef: { name: 'notify', template: 'nope' } } },
          templates: [say('m')],
        }),
      ),
      /templateRef to notify\/nope/,
    );
  });
});
