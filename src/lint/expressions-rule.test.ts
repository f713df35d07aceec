import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expressionsRule } from './expressions-rule.js';
import { container, lintYaml, workflow } from './test-support.js';

const lint = (text: string, spec = '') => lintYaml(workflow(text, spec), [expressionsRule]);

describe('expressions rule', () => {
  it('accepts good tags, expressions, when and hook expressions', () => {
    const text = `    - name: main
      steps:
        - - name: a
            template: x
            when: "{{workflow.name}} == t && 1 < 2"
            hooks:
              running: { expression: "steps.a.status == 'Running'", template: x }
${container('x', '[echo, "{{= sprig.upper(workflow.name) }}", "{{workflow.name}}"]')}`;
    assert.deepEqual(lint(text), []);
  });

  it('reports an unterminated tag once, by path', () => {
    assert.deepEqual(lint(container('main', '[echo, "a {{workflow.name"]')), [
      '11 spec.templates[0].container.command[1]: invalid tag: unterminated tag: "{{" without a closing "}}" at position 2',
    ]);
  });

  it('reports a broken {{= }} expression and a broken when', () => {
    const text = `    - name: main
      steps:
        - - name: a
            template: x
            when: "(1 == 1"
${container('x', '[echo, "{{= (1 }}"]')}`;
    const problems = lint(text);
    assert.equal(problems.length, 2);
    assert.match(
      problems[0] ?? '',
      /^12 spec\.templates\[0\]\.steps\[0\]\[0\]\.when: invalid when "\(1 == 1": /,
    );
    assert.match(
      problems[1] ?? '',
      /^16 spec\.templates\[1\]\.container\.command\[1\]: invalid expression "\{\{=\(1\}\}": /,
    );
  });

  it('parses retryStrategy.expression and valueFrom.expression', () => {
    const text = `    - name: main
      retryStrategy: { expression: "lastRetry.status ==" }
      outputs:
        parameters: [{ name: o, valueFrom: { expression: "1 +" } }]
      container: { image: alpine }
`;
    assert.deepEqual(
      lint(text).map((p) => p.split(':')[0]),
      [
        '9 spec.templates[0].retryStrategy.expression',
        '11 spec.templates[0].outputs.parameters[0].valueFrom.expression',
      ],
    );
  });

  it('puts long multi-line sources on one short line', () => {
    const long = `${'x'.repeat(100)} +`;
    const problems = lint(container('main', `[echo, "{{= ${long} }}"]`));
    assert.equal(problems.length, 1);
    assert.ok((problems[0] ?? '').includes('...'));
  });

  it('accepts a data template and reports a broken or empty transformation step by path', () => {
    const data = (steps: string) => `    - name: main
      data:
        source:
          artifactPaths: { name: logs, s3: { key: "{{workflow.name}}/logs" } }
        transformation:
${steps}`;
    assert.deepEqual(
      lint(
        data(`          - expression: 'filter(data, {# endsWith "main.log"})'
          - expression: 'map(data, {# + ".processed"})'
`),
      ),
      [],
    );
    const problems = lint(
      data(`          - expression: 'filter(data, {# endsWith })'
          - expression: ""
`),
    );
    assert.equal(problems.length, 2);
    assert.match(
      problems[0] ?? '',
      /^13 spec\.templates\[0\]\.data\.transformation\[0\]\.expression: invalid transformation expression "filter\(data, \{# endsWith \}\)": /,
    );
    assert.equal(
      problems[1],
      '14 spec.templates[0].data.transformation[1].expression: a transformation step needs an expression (the current list is `data`)',
    );
  });
});
