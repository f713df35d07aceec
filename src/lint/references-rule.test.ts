import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { referencesRule } from './references-rule.js';
import { container, lintYaml, workflow } from './test-support.js';

const lint = (text: string) => lintYaml(text, [referencesRule]);

const library = `apiVersion: argoproj.io/v1alpha1
kind: ClusterWorkflowTemplate
metadata:
  name: lib
spec:
  templates:
${container('say')}---
`;

describe('references rule', () => {
  it('resolves local templates, templateRefs (clusterScope) and exit handlers', () => {
    const text = `${library}${workflow(
      `    - name: main
      steps:
        - - name: a
            templateRef: { name: lib, template: say, clusterScope: true }
            onExit: bye
            hooks:
              running: { expression: "true", template: bye }
${container('bye')}`,
      '  onExit: bye\n',
    )}`;
    assert.deepEqual(lint(text), []);
  });

  it('does not find a cluster template without clusterScope', () => {
    const text = `${library}${workflow(`    - name: main
      steps:
        - - name: a
            templateRef: { name: lib, template: say }
`)}`;
    assert.deepEqual(lint(text), [
      '22 spec.templates[0].steps[0][0].templateRef: WorkflowTemplate "lib" not found among the linted files',
    ]);
  });

  it('skips references built from tags', () => {
    const text = workflow(`    - name: main
      steps:
        - - name: a
            templateRef: { name: "{{inputs.parameters.lib}}", template: say }
          - name: b
            template: "{{inputs.parameters.t}}"
`);
    assert.deepEqual(lint(text), []);
  });

  it('entrypoint is optional on WorkflowTemplates, required on Workflows', () => {
    const wt = `apiVersion: argoproj.io/v1alpha1\nkind: WorkflowTemplate\nmetadata:\n  name: x\nspec:\n  templates:\n${container('a')}`;
    assert.deepEqual(lint(wt), []);
    assert.deepEqual(lint(workflow(container('main')).replace('  entrypoint: main\n', '')), [
      '5 spec: spec.entrypoint is required',
    ]);
  });

  it('checks the entrypoint against the referenced WorkflowTemplate', () => {
    const wt = `apiVersion: argoproj.io/v1alpha1\nkind: WorkflowTemplate\nmetadata:\n  name: x\nspec:\n  templates:\n${container('a')}---\n`;
    const wf =
      'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  name: w\nspec:\n  entrypoint: b\n  workflowTemplateRef:\n    name: x\n';
    assert.deepEqual(lint(wt + wf), ['17 spec.entrypoint: template "b" not found in WorkflowTemplate "x"']);
  });

  it('requires a template on each step', () => {
    const text = workflow(`    - name: main
      dag:
        tasks:
          - name: a
`);
    assert.deepEqual(lint(text), [
      '11 spec.templates[0].dag.tasks[0]: one of template, templateRef or inline is required',
    ]);
  });

  it('checks WorkflowEventBinding submits', () => {
    const text = `apiVersion: argoproj.io/v1alpha1
kind: WorkflowEventBinding
metadata:
  name: on-push
spec:
  event:
    selector: "true"
  submit:
    workflowTemplateRef:
      name: nowhere
`;
    assert.deepEqual(lint(text), [
      '10 spec.submit.workflowTemplateRef.name: WorkflowTemplate "nowhere" not found among the linted files',
    ]);
  });
});
