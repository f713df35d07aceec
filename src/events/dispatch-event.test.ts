import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WorkflowEventBinding } from '../spec/types.js';
import { MemoryStore } from '../store/index.js';
import { LABEL_WORKFLOW_EVENT_BINDING, LABEL_WORKFLOW_TEMPLATE } from '../templates/labels.js';
import { dispatchEvent } from './dispatch-event.js';

async function setup(
  bindings: Array<{ name: string; selector: string; spec?: Partial<WorkflowEventBinding['spec']> }>,
) {
  const store = new MemoryStore();
  await store.create({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'WorkflowTemplate',
    metadata: { name: 'consumer', namespace: 'default' },
    spec: {
      entrypoint: 'main',
      arguments: { parameters: [{ name: 'salutation', value: 'hello' }] },
      templates: [{ name: 'main', suspend: {} }],
    },
  });
  for (const b of bindings) {
    await store.create<WorkflowEventBinding>({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'WorkflowEventBinding',
      metadata: { name: b.name, namespace: 'default' },
      spec: {
        event: { selector: b.selector },
        submit: {
          workflowTemplateRef: { name: 'consumer' },
          arguments: { parameters: [{ name: 'appellation', valueFrom: { event: 'payload.who' } }] },
        },
        ...b.spec,
      },
    });
  }
  return store;
}

describe('dispatchEvent', () => {
  it('submits the referenced template for each matching binding, with parameters from the payload', async () => {
    const store = await setup([
      { name: 'match', selector: 'payload.who != "" && discriminator == "greet"' },
      { name: 'other', selector: 'discriminator == "other"' },
    ]);
    const result = await dispatchEvent(store, 'default', 'greet', { who: 'Mr Fox' });
    assert.deepEqual(result.errors, []);
    assert.equal(result.submitted.length, 1);
    const wf = result.submitted[0];
    assert.ok(wf);
    assert.match(wf.metadata.name ?? '', /^consumer-/);
    assert.equal(wf.metadata.labels?.[LABEL_WORKFLOW_TEMPLATE], 'consumer');
    assert.equal(wf.metadata.labels?.[LABEL_WORKFLOW_EVENT_BINDING], 'match');
    assert.deepEqual(wf.spec.arguments?.parameters, [{ name: 'appellation', value: 'Mr Fox' }]);
    assert.deepEqual(wf.status?.storedWorkflowTemplateSpec?.arguments?.parameters, [
      { name: 'salutation', value: 'hello' },
      { name: 'appellation', value: 'Mr Fox' },
    ]);
    assert.equal((await store.list('Workflow', { namespace: 'default' })).items.length, 1);
  });

  it("submits with the controller configuration's workflowDefaults under the template", async () => {
    const store = await setup([{ name: 'match', selector: 'true' }]);
    const result = await dispatchEvent(
      store,
      'default',
      'greet',
      { who: 'x' },
      {},
      {
        workflowDefaults: {
          metadata: { labels: { team: 'platform' } },
          spec: { ttlStrategy: { secondsAfterCompletion: 60 }, entrypoint: 'ignored' },
        },
      },
    );
    const wf = result.submitted[0];
    assert.equal(wf?.metadata.labels?.team, 'platform');
    assert.deepEqual(wf?.status?.storedWorkflowTemplateSpec?.ttlStrategy, { secondsAfterCompletion: 60 });
    assert.equal(wf?.status?.storedWorkflowTemplateSpec?.entrypoint, 'main', 'the template beats a default');
  });

  it('matches metadata (header lists, lower-case names) and JSON-encodes non-string values', async () => {
    const store = await setup([
      {
        name: 'hdr',
        selector: 'metadata["x-kind"] == ["push"]',
        spec: {
          submit: {
            workflowTemplateRef: { name: 'consumer' },
            arguments: { parameters: [{ name: 'n', valueFrom: { event: 'payload.list' } }] },
          },
        },
      },
    ]);
    const none = await dispatchEvent(store, 'default', 'x', { list: [1, 2] }, { 'X-Kind': ['pull'] });
    assert.equal(none.submitted.length, 0);
    const one = await dispatchEvent(store, 'default', 'x', { list: [1, 2] }, { 'X-Kind': ['push'] });
    assert.deepEqual(one.submitted[0]?.spec.arguments?.parameters, [{ name: 'n', value: '[1,2]' }]);
  });

  it('reports a bad selector or a missing template by binding, and still serves the others', async () => {
    const store = await setup([
      { name: 'a-bad', selector: 'payload.who +' },
      { name: 'b-not-bool', selector: 'payload.who' },
      {
        name: 'c-missing',
        selector: 'true',
        spec: { submit: { workflowTemplateRef: { name: 'nope' } } },
      },
      { name: 'd-good', selector: 'true' },
    ]);
    const result = await dispatchEvent(store, 'default', 'd', { who: 'x' });
    assert.deepEqual(
      result.errors.map((e) => e.binding),
      ['a-bad', 'b-not-bool', 'c-missing'],
    );
    assert.match(result.errors[1]?.message ?? '', /selector must evaluate to a boolean/);
    assert.match(result.errors[2]?.message ?? '', /WorkflowTemplate "nope" not found/);
    assert.equal(result.submitted.length, 1);
  });

  it('only looks at the bindings of the namespace', async () => {
    const store = await setup([{ name: 'x', selector: 'true' }]);
    assert.deepEqual(await dispatchEvent(store, 'elsewhere', 'd', {}), { submitted: [], errors: [] });
  });
});
