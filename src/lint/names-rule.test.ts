import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { namesRule } from './names-rule.js';
import { container, lintYaml, workflow } from './test-support.js';

const lint = (text: string) => lintYaml(text, [namesRule]);

describe('names rule', () => {
  it('accepts Argo field names with upper case and digits first', () => {
    assert.deepEqual(lint(workflow(container('main') + container('Step2-A') + container('3rd'))), []);
  });

  it('rejects a metadata.name that is not a DNS-1123 subdomain', () => {
    const text = workflow(container('main')).replace('name: t', 'name: My.Flow');
    assert.match(
      lint(text)[0] ?? '',
      /^4 metadata\.name: invalid name "My\.Flow": must be a lowercase RFC 1123 subdomain/,
    );
  });

  it('limits CronWorkflow names to 52 characters', () => {
    const name = 'c'.repeat(53);
    const text = `apiVersion: argoproj.io/v1alpha1\nkind: CronWorkflow\nmetadata:\n  name: ${name}\nspec:\n  schedules: ["@daily"]\n`;
    assert.deepEqual(lint(text), [
      '4 metadata.name: name must not be more than 52 characters long (currently 53)',
    ]);
  });

  it('checks generateName as a prefix', () => {
    const ok = workflow(container('main')).replace('name: t', 'generateName: hello-');
    assert.deepEqual(lint(ok), []);
    const bad = workflow(container('main')).replace('name: t', 'generateName: Hello-');
    assert.equal(lint(bad).length, 1);
  });

  it('rejects template, step and task names Argo rejects', () => {
    const text = workflow(`    - name: main
      steps:
        - - name: a_b
            template: x
    - name: dag
      dag:
        tasks:
          - name: c.d
            template: x
${container('x')}`);
    assert.deepEqual(
      lint(text).map((l) => l.split(':')[0]),
      ['10 spec.templates[0].steps[0][0].name', '15 spec.templates[1].dag.tasks[0].name'],
    );
  });

  it('finds duplicates: templates, steps across groups, tasks, inputs, arguments', () => {
    const text = workflow(
      `    - name: main
      inputs:
        parameters: [{ name: p }, { name: p }]
      steps:
        - - name: s
            template: main
            arguments:
              artifacts: [{ name: a, raw: { data: x } }, { name: a, raw: { data: y } }]
        - - name: s
            template: main
${container('main')}`,
    );
    const problems = lint(text);
    assert.equal(problems.length, 4);
    assert.ok(problems.some((p) => p.includes('duplicate template name "main"')));
    assert.ok(problems.some((p) => p.includes('duplicate step name "s"')));
    assert.ok(problems.some((p) => p.includes('duplicate parameter name "p"')));
    assert.ok(problems.some((p) => p.includes('duplicate artifact name "a"')));
  });

  it('requires step names', () => {
    const text = workflow(`    - name: main
      steps:
        - - template: main
`);
    assert.deepEqual(lint(text), ['10 spec.templates[0].steps[0][0]: step name is required']);
  });
});
