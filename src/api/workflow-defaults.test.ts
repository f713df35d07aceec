/** workflowDefaults at every API entry that creates a Workflow: create, submit from a template, resubmit. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Workflow, WorkflowTemplate } from '../spec/types.js';
import { MemoryStore } from '../store/index.js';
import type { WorkflowDefaults } from '../templates/workflow-defaults.js';
import { ResourceService } from './resource-service.js';
import { WorkflowActions } from './workflow-actions.js';

const defaults: WorkflowDefaults = {
  metadata: { labels: { team: 'platform' } },
  spec: { activeDeadlineSeconds: 600, ttlStrategy: { secondsAfterCompletion: 60 } },
};

function service() {
  const store = new MemoryStore();
  const resources = new ResourceService(store, { workflowDefaults: () => defaults });
  return { store, resources, actions: new WorkflowActions(resources) };
}

const hello = {
  metadata: { generateName: 'hello-', labels: { team: 'mine' } },
  spec: {
    entrypoint: 'main',
    activeDeadlineSeconds: 30,
    templates: [{ name: 'main', container: { name: 'main', image: 'alpine', command: ['true'] } }],
  },
};

describe('workflowDefaults through the resource service', () => {
  it("create merges them under the Workflow; the Workflow's values win", async () => {
    const { resources } = service();
    const wf = await resources.create<Workflow>('Workflow', 'ns1', hello);
    assert.equal(wf.metadata.labels?.team, 'mine');
    assert.equal(wf.spec.activeDeadlineSeconds, 30);
    assert.deepEqual(wf.spec.ttlStrategy, { secondsAfterCompletion: 60 });
  });

  it('a default can supply what lint needs (a Workflow without an entrypoint of its own)', async () => {
    const store = new MemoryStore();
    const resources = new ResourceService(store, {
      workflowDefaults: () => ({ spec: { entrypoint: 'main' } }),
    });
    const { entrypoint: _, ...spec } = hello.spec;
    const wf = await resources.create<Workflow>('Workflow', 'ns1', { ...hello, spec });
    assert.equal(wf.spec.entrypoint, 'main');
  });

  it('other kinds are not touched', async () => {
    const { resources } = service();
    const tpl = await resources.create<WorkflowTemplate>('WorkflowTemplate', 'ns1', {
      metadata: { name: 't' },
      spec: hello.spec,
    });
    assert.equal(tpl.spec.ttlStrategy, undefined);
    assert.equal(tpl.metadata.labels?.team, undefined);
  });

  it('submit from a WorkflowTemplate keeps the defaults under the joined spec', async () => {
    const { resources, actions } = service();
    await resources.create('WorkflowTemplate', 'ns1', { metadata: { name: 't' }, spec: hello.spec });
    const wf = await actions.submitFrom('ns1', 'WorkflowTemplate', 't');
    assert.equal(wf.metadata.labels?.team, 'platform');
    const joined = wf.status?.storedWorkflowTemplateSpec;
    assert.equal(joined?.activeDeadlineSeconds, 30, 'the template beats a default');
    assert.deepEqual(joined?.ttlStrategy, { secondsAfterCompletion: 60 });
  });

  it('resubmit creates the new Workflow with them', async () => {
    const { store, resources, actions } = service();
    const old = await store.create<Workflow>({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      metadata: { name: 'old', namespace: 'ns1' },
      spec: hello.spec,
    });
    const fresh = await actions.resubmit(old);
    assert.equal(fresh.metadata.labels?.team, 'platform');
    assert.deepEqual(fresh.spec.ttlStrategy, { secondsAfterCompletion: 60 });
    assert.equal(
      (await resources.get<Workflow>('Workflow', 'ns1', fresh.metadata.name ?? '')).spec
        .activeDeadlineSeconds,
      30,
    );
  });
});
