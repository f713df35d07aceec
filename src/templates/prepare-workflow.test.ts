import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Workflow, WorkflowTemplate } from '../spec/types.js';
import { MemoryStore } from '../store/index.js';
import { prepareWorkflow } from './prepare-workflow.js';
import type { WorkflowDefaults } from './workflow-defaults.js';

const defaults: WorkflowDefaults = {
  metadata: { labels: { team: 'platform', env: 'dev' }, annotations: { owner: 'ops' } },
  spec: {
    serviceAccountName: 'runner',
    ttlStrategy: { secondsAfterCompletion: 60 },
    arguments: {
      parameters: [
        { name: 'region', value: 'eu' },
        { name: 'size', value: 'small' },
      ],
    },
    volumes: [{ name: 'scratch', emptyDir: {} }],
    tolerations: [{ key: 'default' }],
  },
};

function workflow(spec: Workflow['spec']): Workflow {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { generateName: 'w-', namespace: 'default', labels: { team: 'mine' } },
    spec,
  };
}

describe('prepareWorkflow: workflowDefaults under every new Workflow', () => {
  it("merges maps key by key and named lists item by item; the Workflow's values win", async () => {
    const out = await prepareWorkflow(
      new MemoryStore(),
      workflow({
        entrypoint: 'main',
        ttlStrategy: { secondsAfterSuccess: 5 },
        arguments: { parameters: [{ name: 'size', value: 'large' }] },
        volumes: [{ name: 'data', emptyDir: {} }],
        tolerations: [{ key: 'mine' }],
        templates: [{ name: 'main', suspend: {} }],
      }),
      { workflowDefaults: defaults },
    );
    assert.deepEqual(out.metadata.labels, { team: 'mine', env: 'dev' });
    assert.deepEqual(out.metadata.annotations, { owner: 'ops' });
    assert.equal(out.spec.serviceAccountName, 'runner');
    assert.deepEqual(out.spec.ttlStrategy, { secondsAfterCompletion: 60, secondsAfterSuccess: 5 });
    assert.deepEqual(out.spec.arguments?.parameters, [
      { name: 'region', value: 'eu' },
      { name: 'size', value: 'large' },
    ]);
    assert.deepEqual(
      out.spec.volumes?.map((v) => v.name),
      ['scratch', 'data'],
    );
    assert.deepEqual(out.spec.tolerations, [{ key: 'mine' }], 'a list without merge key is replaced whole');
  });

  it('without defaults the Workflow is unchanged', async () => {
    const wf = workflow({ entrypoint: 'main', templates: [{ name: 'main', suspend: {} }] });
    assert.deepEqual(await prepareWorkflow(new MemoryStore(), wf), wf);
  });

  it('joins a workflowTemplateRef as Argo: Workflow over WorkflowTemplate over defaults', async () => {
    const store = new MemoryStore();
    await store.create<WorkflowTemplate>({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'WorkflowTemplate',
      metadata: { name: 'tpl', namespace: 'default' },
      spec: {
        entrypoint: 'main',
        serviceAccountName: 'from-template',
        arguments: { parameters: [{ name: 'region', value: 'us' }] },
        templates: [{ name: 'main', suspend: {} }],
      },
    });
    const out = await prepareWorkflow(
      store,
      workflow({
        workflowTemplateRef: { name: 'tpl' },
        arguments: { parameters: [{ name: 'size', value: 'large' }] },
      }),
      { workflowDefaults: defaults },
    );
    assert.deepEqual(out.spec.serviceAccountName, undefined, "the Workflow's own spec stays its own");
    assert.deepEqual(out.metadata.labels?.env, 'dev', 'metadata defaults apply');
    const joined = out.status?.storedWorkflowTemplateSpec;
    assert.equal(joined?.serviceAccountName, 'from-template', 'the template beats a default');
    assert.deepEqual(joined?.ttlStrategy, { secondsAfterCompletion: 60 });
    assert.deepEqual(joined?.arguments?.parameters, [
      { name: 'region', value: 'us' },
      { name: 'size', value: 'large' },
    ]);
  });
});
