import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Workflow, WorkflowSpec } from '../spec/types.js';
import { joinWorkflowSpec } from './join-workflow-spec.js';
import { mergeOver } from './strategic-merge.js';
import { applyWorkflowDefaults } from './workflow-defaults.js';

const template: WorkflowSpec = {
  entrypoint: 'main',
  serviceAccountName: 'tmpl-sa',
  parallelism: 2,
  arguments: {
    parameters: [
      { name: 'a', value: 'from-template' },
      { name: 'b', value: 'kept' },
    ],
  },
  templates: [{ name: 'main', suspend: {} }],
  suspend: true,
};

describe('joinWorkflowSpec (Argo JoinWorkflowSpec)', () => {
  it("lets the workflow's fields and arguments win, keeping the template's others", () => {
    const joined = joinWorkflowSpec(
      {
        workflowTemplateRef: { name: 't' },
        parallelism: 5,
        arguments: {
          parameters: [
            { name: 'a', value: 'from-workflow' },
            { name: 'c', value: 'new' },
          ],
        },
      },
      template,
    );
    assert.equal(joined.entrypoint, 'main');
    assert.equal(joined.parallelism, 5);
    assert.equal(joined.serviceAccountName, 'tmpl-sa');
    assert.deepEqual(joined.arguments?.parameters, [
      { name: 'a', value: 'from-workflow' },
      { name: 'b', value: 'kept' },
      { name: 'c', value: 'new' },
    ]);
    assert.deepEqual(joined.templates, template.templates);
    assert.deepEqual(joined.workflowTemplateRef, { name: 't' });
  });

  it("takes the workflow's entrypoint over the template's", () => {
    assert.equal(joinWorkflowSpec({ entrypoint: 'other' }, template).entrypoint, 'other');
  });

  it("keeps suspend the workflow's own, as Argo does", () => {
    assert.equal(joinWorkflowSpec({}, template).suspend, undefined);
    assert.equal(joinWorkflowSpec({ suspend: false }, template).suspend, false);
  });

  it('puts workflowDefaults under both', () => {
    const joined = joinWorkflowSpec({}, template, {
      serviceAccountName: 'default-sa',
      activeDeadlineSeconds: 60,
    });
    assert.equal(joined.serviceAccountName, 'tmpl-sa');
    assert.equal(joined.activeDeadlineSeconds, 60);
  });
});

describe('mergeOver', () => {
  it('merges keyed lists by name, replaces other lists, and null clears', () => {
    const base = { templates: [{ name: 'x', a: 1, b: [1, 2] }], tolerations: [{ key: 'k' }], drop: 1 };
    const over = {
      templates: [{ name: 'x', b: [3] }, { name: 'y' }],
      tolerations: [{ key: 'z' }],
      drop: null,
    };
    assert.deepEqual(mergeOver(base, over), {
      templates: [{ name: 'x', a: 1, b: [3] }, { name: 'y' }],
      tolerations: [{ key: 'z' }],
    });
    assert.deepEqual(base.templates[0]?.b, [1, 2], 'inputs are not modified');
  });
});

describe('applyWorkflowDefaults (docs/default-workflow-specs.md)', () => {
  const wf: Workflow = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name: 'w', labels: { team: 'mine' } },
    spec: {
      entrypoint: 'main',
      ttlStrategy: { secondsAfterSuccess: 5 },
      templates: [{ name: 'main', suspend: {} }],
    },
  };
  it("fills what the workflow leaves unset; the workflow's values win", () => {
    const out = applyWorkflowDefaults(wf, {
      metadata: { labels: { team: 'default', env: 'dev' }, annotations: { a: '1' } },
      spec: {
        ttlStrategy: { secondsAfterSuccess: 100, secondsAfterFailure: 200 },
        activeDeadlineSeconds: 300,
        entrypoint: 'ignored',
      },
    });
    assert.deepEqual(out.metadata.labels, { team: 'mine', env: 'dev' });
    assert.deepEqual(out.metadata.annotations, { a: '1' });
    assert.deepEqual(out.spec.ttlStrategy, { secondsAfterSuccess: 5, secondsAfterFailure: 200 });
    assert.equal(out.spec.activeDeadlineSeconds, 300);
    assert.equal(out.spec.entrypoint, 'main');
    assert.equal(wf.spec.activeDeadlineSeconds, undefined, 'the input is not modified');
  });
  it('leaves a workflowTemplateRef workflow to the join, so a default never beats the template', () => {
    const ref: Workflow = { ...wf, spec: { workflowTemplateRef: { name: 't' } } };
    assert.deepEqual(applyWorkflowDefaults(ref, { spec: { parallelism: 1 } }).spec, {
      workflowTemplateRef: { name: 't' },
    });
  });
});
