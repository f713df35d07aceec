import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dagRule, findCycle } from './dag-rule.js';
import { container, lintYaml, workflow } from './test-support.js';

const lint = (text: string) => lintYaml(text, [dagRule]);

function dag(tasks: string): string {
  return workflow(`    - name: main
      dag:
        tasks:
${tasks}${container('x')}`);
}

describe('dag rule', () => {
  it('accepts a diamond with depends', () => {
    const text = dag(`          - { name: a, template: x }
          - { name: b, template: x, depends: a }
          - { name: c, template: x, depends: "a.Succeeded || a.Failed" }
          - { name: d, template: x, depends: "b && !c.Errored" }
`);
    assert.deepEqual(lint(text), []);
  });

  it('names the cycle', () => {
    const text = dag(`          - { name: a, template: x, depends: b }
          - { name: b, template: x, depends: a }
`);
    assert.deepEqual(lint(text), ['11 spec.templates[0].dag.tasks[0].depends: dependency cycle a -> b -> a']);
  });

  it('finds a self-dependency', () => {
    assert.deepEqual(findCycle(['a'], new Map([['a', ['a']]])), ['a', 'a']);
    assert.equal(
      findCycle(
        ['a', 'b'],
        new Map([
          ['a', ['b']],
          ['b', []],
        ]),
      ),
      undefined,
    );
  });

  it('reports unknown dependencies and unparsable depends', () => {
    const text = dag(`          - { name: a, template: x, dependencies: [zz] }
          - { name: b, template: x }
          - { name: c, template: x }
`);
    assert.deepEqual(lint(text), [
      '11 spec.templates[0].dag.tasks[0].dependencies[0]: dependency "zz" is not a task of this DAG',
    ]);
    const bad = dag(`          - { name: a, template: x }
          - { name: b, template: x, depends: "a ||| a" }
`);
    assert.match(lint(bad)[0] ?? '', /^12 spec\.templates\[0\]\.dag\.tasks\[1\]\.depends: invalid depends: /);
  });

  it('rejects an empty DAG and digit-first names with dependencies', () => {
    assert.deepEqual(lint(dag('          []\n').replace('tasks:\n          []', 'tasks: []')), [
      '9 spec.templates[0].dag: dag template "main" must have at least one task',
    ]);
    const text = dag(`          - { name: 1a, template: x }
          - { name: 2b, template: x, dependencies: [1a] }
`);
    assert.deepEqual(lint(text), [
      `12 spec.templates[0].dag.tasks[1].name: task name "2b" cannot begin with a digit when using 'depends' or 'dependencies'`,
    ]);
  });
});
