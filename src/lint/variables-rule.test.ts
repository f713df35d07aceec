import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { container, lintYaml, workflow } from './test-support.js';
import { variablesRule } from './variables-rule.js';

const lint = (text: string, spec = '') => lintYaml(workflow(text, spec), [variablesRule]);
const echo = `    - name: echo
      inputs:
        parameters: [{ name: m }]
      container: { image: alpine, command: [echo, "{{inputs.parameters.m}}"] }
`;

/** A steps template `main` whose one step passes value to echo. */
function step(value: string, extra = ''): string {
  return `    - name: main
      steps:
        - - name: a
            template: echo
${extra}            arguments:
              parameters: [{ name: m, value: "${value}" }]
${echo}`;
}

describe('variables rule', () => {
  it('resolves globals, inputs, pod.name and outputs paths in a leaf', () => {
    const text = `    - name: main
      inputs:
        parameters: [{ name: p }]
        artifacts: [{ name: art, path: /tmp/a }]
      outputs:
        parameters: [{ name: o, globalName: g, valueFrom: { path: /tmp/o } }]
      container:
        image: alpine
        args: ["{{inputs.parameters.p}} {{inputs.parameters}} {{inputs.artifacts.art.path}} {{pod.name}}",
               "{{workflow.name}} {{workflow.uid}} {{workflow.parameters.x}} {{workflow.labels.team}}",
               "{{workflow.outputs.parameters.g}} {{workflow.creationTimestamp.Y}} {{outputs.parameters.o.path}}",
               "{{node.name}} {{custom.thing}} {{= inputs.parameters.p }}"]
`;
    const spec = '  arguments:\n    parameters: [{ name: x, value: "1" }]\n';
    assert.deepEqual(
      lintYaml(workflow(text, spec).replace('name: t', 'name: t\n  labels: { team: a }'), [variablesRule]),
      [],
    );
  });

  it('reports an undeclared input, workflow parameter and label', () => {
    const text = `    - name: main
      container:
        image: alpine
        args: ["{{inputs.parameters.p}}", "{{workflow.parameters.x}}", "{{workflow.labels.team}}"]
`;
    assert.deepEqual(lint(text), [
      '11 spec.templates[0].container.args[0]: cannot resolve {{inputs.parameters.p}}: template "main" declares no input parameter "p"',
      '11 spec.templates[0].container.args[1]: cannot resolve {{workflow.parameters.x}}: workflow parameter "x" is not declared in spec.arguments.parameters',
      '11 spec.templates[0].container.args[2]: cannot resolve {{workflow.labels.team}}: no such label or annotation on the workflow',
    ]);
  });

  it('allows any workflow.parameters in a WorkflowTemplate', () => {
    const text = `apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: wt
spec:
  templates:
${container('a', '[echo, "{{workflow.parameters.anything}}"]')}`;
    assert.deepEqual(lintYaml(text, [variablesRule]), []);
  });

  it('gives steps the outputs of earlier steps only', () => {
    const text = `    - name: main
      steps:
        - - name: a
            template: gen
        - - name: b
            template: echo
            arguments:
              parameters: [{ name: m, value: "{{steps.a.outputs.result}} {{steps.a.outputs.parameters.o}} {{steps.a.status}}" }]
          - name: c
            template: echo
            arguments:
              parameters: [{ name: m, value: "{{steps.d.outputs.result}}" }]
          - name: d
            template: gen
      outputs:
        parameters: [{ name: r, valueFrom: { parameter: "{{steps.d.outputs.parameters.o}}" } }]
    - name: gen
      outputs:
        parameters: [{ name: o, valueFrom: { path: /o } }]
      script: { image: alpine, source: echo }
${echo}`;
    assert.deepEqual(lint(text), [
      '19 spec.templates[0].steps[1][1].arguments.parameters[0].value: cannot resolve {{steps.d.outputs.result}}: step "d" does not run before this point',
    ]);
  });

  it('knows which templates have a result', () => {
    const text = `    - name: main
      steps:
        - - name: a
            template: wait
        - - name: b
            template: echo
            arguments:
              parameters: [{ name: m, value: "{{steps.a.outputs.result}}" }]
    - name: wait
      suspend: {}
${echo}`;
    assert.deepEqual(lint(text), [
      '15 spec.templates[0].steps[1][0].arguments.parameters[0].value: cannot resolve {{steps.a.outputs.result}}: step "a" runs a suspend template, which has no outputs.result',
    ]);
  });

  it('scopes item to loops: withItems keys, withParam anything, withSequence scalars', () => {
    assert.deepEqual(lint(step('{{item.os}}', '            withItems: [{ os: linux }]\n')), []);
    assert.deepEqual(lint(step('{{item.anything}}', '            withParam: "[]"\n')), []);
    assert.deepEqual(lint(step('{{item}}', '            withSequence: { count: "2" }\n')), []);
    assert.deepEqual(lint(step('{{item.x}}', '            withSequence: { count: "2" }\n')), [
      '14 spec.templates[0].steps[0][0].arguments.parameters[0].value: cannot resolve {{item.x}}: the loop items are not objects',
    ]);
  });

  it('allows retries and lastRetry only with a retryStrategy', () => {
    const ok = `    - name: main
      retryStrategy: { limit: 1 }
${container('x', '[echo, "{{retries}} {{lastRetry.exitCode}}"]').replace('    - name: x\n', '')}`;
    assert.deepEqual(lint(ok), []);
    assert.equal(lint(container('main', '[echo, "{{lastRetry.status}}"]')).length, 1);
    assert.deepEqual(
      lint(
        container('main', '[echo, "{{retries}}"]'),
        '  templateDefaults:\n    retryStrategy: { limit: 1 }\n',
      ),
      [],
    );
  });

  it('checks DAG task references against the task and its dependencies', () => {
    const text = `    - name: main
      dag:
        tasks:
          - { name: a, template: gen }
          - name: b
            depends: a
            template: echo
            when: "{{tasks.a.status}} == Succeeded"
            arguments:
              parameters: [{ name: m, value: "{{tasks.a.outputs.parameters.o}}" }]
          - name: c
            template: echo
            arguments:
              parameters: [{ name: m, value: "{{tasks.b.status}}" }]
    - name: gen
      outputs:
        parameters: [{ name: o, valueFrom: { path: /o } }]
      container: { image: alpine }
${echo}`;
    assert.deepEqual(lint(text), [
      '21 spec.templates[0].dag.tasks[2].arguments.parameters[0].value: cannot resolve {{tasks.b.status}}: task "b" is not a dependency of task "c"',
      '21 spec.templates[0].dag.tasks[2].arguments.parameters[0].value: parameter "m" uses task "b", which this task does not depend on',
    ]);
  });

  it('lets an inline template use its own inputs', () => {
    const text = `    - name: main
      steps:
        - - name: a
            inline:
              inputs:
                parameters: [{ name: own, value: x }]
              container: { image: alpine, args: ["{{inputs.parameters.own}} {{pod.name}}"] }
`;
    assert.deepEqual(lint(text), []);
  });
});
