import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConflictError, NotFoundError, ValidationError } from '../errors/index.js';
import type { Workflow, WorkflowTemplate } from '../spec/types.js';
import { MemoryStore } from '../store/index.js';
import { ResourceService } from './resource-service.js';
import { WorkflowActions } from './workflow-actions.js';

const hello = (extra: Record<string, unknown> = {}) => ({
  metadata: { generateName: 'hello-' },
  spec: {
    entrypoint: 'main',
    templates: [{ name: 'main', container: { image: 'alpine', command: ['echo', 'hi'] } }],
  },
  ...extra,
});

test('create applies defaults and stores; lint stores nothing', async () => {
  const store = new MemoryStore();
  const svc = new ResourceService(store);
  const linted = await svc.lint<Workflow>('Workflow', 'ns1', hello());
  assert.equal(linted.metadata.namespace, 'ns1');
  assert.equal(linted.apiVersion, 'argoproj.io/v1alpha1');
  assert.equal((await store.list('Workflow')).items.length, 0);
  const wf = await svc.create<Workflow>('Workflow', 'ns1', hello({ status: { phase: 'Succeeded' } }));
  assert.match(wf.metadata.name ?? '', /^hello-/);
  assert.equal(wf.status?.phase, undefined, 'a client cannot set the status');
  assert.equal((await store.list('Workflow')).items.length, 1);
});

test('bad input is a ValidationError naming the field; nothing is stored', async () => {
  const store = new MemoryStore();
  const svc = new ResourceService(store);
  const cases: Array<[unknown, RegExp]> = [
    [undefined, /^workflow: workflow is required/],
    [[1], /^workflow: /],
    [{ ...hello(), kind: 'Pod' }, /^workflow\.kind: expected Workflow/],
    [{ ...hello(), apiVersion: 'v1' }, /^workflow\.apiVersion: /],
    [{ spec: {} }, /^workflow\.metadata: /],
    [
      { ...hello(), metadata: { generateName: 'x-', namespace: 'other' } },
      /^workflow\.metadata\.namespace: /,
    ],
    [hello({ spec: { entrypoint: 'missing', templates: [] } }), /^workflow\.spec/],
  ];
  for (const [body, message] of cases) {
    await assert.rejects(svc.create('Workflow', 'ns1', body), (err: unknown) => {
      assert.ok(err instanceof ValidationError, String(err));
      assert.match(err.message, message);
      return true;
    });
  }
  await assert.rejects(svc.list('Workflow', { namespace: 'Bad_NS' }), /namespace/);
  assert.equal((await store.list('Workflow')).items.length, 0);
});

test('a workflowTemplateRef resolves against stored templates, given templates win, missing ones are 400', async () => {
  const store = new MemoryStore();
  const svc = new ResourceService(store);
  const template = (word: string) => ({
    metadata: { name: 'tpl' },
    spec: {
      entrypoint: 'main',
      templates: [{ name: 'main', container: { image: 'a', command: ['echo', word] } }],
    },
  });
  await svc.create<WorkflowTemplate>('WorkflowTemplate', 'ns1', template('stored'));
  const ref = { metadata: { generateName: 'r-' }, spec: { workflowTemplateRef: { name: 'tpl' } } };
  const wf = await svc.create<Workflow>('Workflow', 'ns1', ref);
  assert.deepEqual(wf.status?.storedWorkflowTemplateSpec?.templates?.[0]?.container?.command, [
    'echo',
    'stored',
  ]);
  await assert.rejects(svc.create('Workflow', 'ns2', ref), /not found/);
  const { admit } = await import('./admission.js');
  const local = await admit<Workflow>(store, {
    kind: 'Workflow',
    namespace: 'ns1',
    body: ref,
    field: 'workflow',
    templates: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'WorkflowTemplate', ...template('given') }],
  });
  assert.deepEqual(local.status?.storedWorkflowTemplateSpec?.templates?.[0]?.container?.command, [
    'echo',
    'given',
  ]);
});

test('update: unconditional without a resourceVersion, 409 with a stale one; name must match the path', async () => {
  const svc = new ResourceService(new MemoryStore());
  const t = {
    metadata: { name: 'tpl' },
    spec: { entrypoint: 'main', templates: [{ name: 'main', suspend: {} }] },
  };
  const created = await svc.create<WorkflowTemplate>('WorkflowTemplate', 'ns1', t);
  const updated = await svc.update<WorkflowTemplate>('WorkflowTemplate', 'ns1', 'tpl', t);
  assert.notEqual(updated.metadata.resourceVersion, created.metadata.resourceVersion);
  assert.equal(updated.metadata.uid, created.metadata.uid);
  await assert.rejects(
    svc.update('WorkflowTemplate', 'ns1', 'tpl', {
      ...t,
      metadata: { name: 'tpl', resourceVersion: created.metadata.resourceVersion },
    }),
    ConflictError,
  );
  await assert.rejects(
    svc.update('WorkflowTemplate', 'ns1', 'tpl', { ...t, metadata: { name: 'other' } }),
    /does not match the name in the path/,
  );
  await assert.rejects(
    svc.update('WorkflowTemplate', 'ns1', 'absent', { ...t, metadata: { name: 'absent' } }),
    NotFoundError,
  );
});

test('managed namespace and instance id', async () => {
  const svc = new ResourceService(new MemoryStore(), { managedNamespace: 'only', instanceId: 'blue' });
  await assert.rejects(svc.create('Workflow', 'other', hello()), /manages namespace "only" only/);
  const wf = await svc.create<Workflow>('Workflow', 'only', hello());
  assert.equal(wf.metadata.labels?.['workflows.argoproj.io/controller-instanceid'], 'blue');
  const all = await svc.list<Workflow>('Workflow', {});
  assert.equal(all.items.length, 1);
});

test('submit from a template: labels, parameters, name options; bad kinds and parameters are 400', async () => {
  const svc = new ResourceService(new MemoryStore());
  const actions = new WorkflowActions(svc);
  await svc.create('WorkflowTemplate', 'ns1', {
    metadata: { name: 'tpl' },
    spec: {
      entrypoint: 'main',
      arguments: { parameters: [{ name: 'x', value: '1', enum: ['1', '2'] }] },
      templates: [
        { name: 'main', container: { image: 'a', command: ['echo', '{{workflow.parameters.x}}'] } },
      ],
    },
  });
  const wf = await actions.submitFrom('ns1', 'workflowtemplate', 'tpl', {
    parameters: ['x=2'],
    labels: 'a=b',
    name: 'fixed',
  });
  assert.equal(wf.metadata.name, 'fixed');
  assert.equal(wf.metadata.labels?.a, 'b');
  assert.deepEqual(wf.spec.arguments?.parameters, [{ name: 'x', value: '2' }]);
  await assert.rejects(
    actions.submitFrom('ns1', 'WorkflowTemplate', 'tpl', { parameters: ['novalue'] }),
    /submitOptions\.parameters\[0\]/,
  );
  await assert.rejects(actions.submitFrom('ns1', 'Job', 'tpl'), /resourceKind/);
  await assert.rejects(
    actions.submitFrom('ns1', 'WorkflowTemplate', 'tpl', { labels: 5 as unknown as string }),
    {
      message: 'submitOptions.labels: must be a string',
    },
  );
  await assert.rejects(actions.submitFrom('ns1', 'WorkflowTemplate', ''), /resourceName/);
  await assert.rejects(actions.submitFrom('ns1', 'WorkflowTemplate', 'absent'), NotFoundError);
  const dry = await actions.submitFrom('ns1', 'WorkflowTemplate', 'tpl', { serverDryRun: true });
  assert.equal(dry.metadata.uid, undefined, 'a dry run stores nothing');
});
