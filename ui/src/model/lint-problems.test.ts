import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  lineOfFieldPath,
  parseFieldPath,
  parseYamlDocuments,
  placeProblems,
  problemsFromMessage,
} from './lint-problems.ts';

test('valid YAML gives its documents', () => {
  const r = parseYamlDocuments('kind: Workflow\nmetadata: {name: a}\n---\nkind: Workflow\n');
  assert.equal(r.problems.length, 0);
  assert.equal(r.docs.length, 2);
});

test('a YAML syntax error names its line', () => {
  const r = parseYamlDocuments('kind: Workflow\nspec:\n  a: [1, 2\n  b: 3\n');
  assert.ok(r.problems.length > 0);
  assert.ok(
    r.problems.every((p) => typeof p.line === 'number' && p.line >= 3),
    JSON.stringify(r.problems),
  );
  assert.deepEqual(parseYamlDocuments('  \n').problems, [{ message: 'the document is empty' }]);
});

test('server lint lines keep their line numbers', () => {
  assert.deepEqual(
    problemsFromMessage(
      'wf.yaml:12: Workflow/x: spec.templates[0].dag.tasks[1].dependencies: unknown task "c"\nsomething else',
    ),
    [
      { line: 12, message: 'Workflow/x: spec.templates[0].dag.tasks[1].dependencies: unknown task "c"' },
      { message: 'something else' },
    ],
  );
  assert.deepEqual(problemsFromMessage('error at line 4: bad'), [
    { line: 4, message: 'error at line 4: bad' },
  ]);
});

const WF = `kind: Workflow
spec:
  entrypoint: main
  templates:
    - name: main
      dag:
        tasks:
          - name: A
            template: nowhere
`;

test('field paths become editor lines, down to the deepest part that exists', () => {
  assert.deepEqual(parseFieldPath('spec.templates[0].dag.tasks[12].x'), [
    'spec',
    'templates',
    0,
    'dag',
    'tasks',
    12,
    'x',
  ]);
  assert.equal(lineOfFieldPath(WF, 'workflow.spec.templates[0].dag.tasks[0].template'), 9);
  assert.equal(lineOfFieldPath(WF, 'spec.entrypoint'), 3);
  assert.equal(lineOfFieldPath(WF, 'spec.templates[0].dag.tasks[5].name'), 7);
  assert.equal(lineOfFieldPath(WF, 'nothing.here'), undefined);
});

test("the server's problems are placed on their lines", () => {
  assert.deepEqual(
    placeProblems(
      WF,
      problemsFromMessage('workflow.spec.templates[0].dag.tasks[0].template: template "nowhere" not found'),
    ),
    [{ line: 9, message: 'workflow.spec.templates[0].dag.tasks[0].template: template "nowhere" not found' }],
  );
});
