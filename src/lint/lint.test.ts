import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { formatJson, formatText, type LintReport, lintFiles, runLint } from './index.js';
import { container, workflow } from './test-support.js';

function files(entries: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'argosy-lint-'));
  for (const [name, text] of Object.entries(entries)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('lint output', () => {
  const report: LintReport = {
    documents: 1,
    problems: [
      {
        file: 'a.yaml',
        line: 3,
        kind: 'Workflow',
        name: 'w',
        path: 'spec.entrypoint',
        message: 'bad\nthing',
      },
      { file: 'b.yaml', line: 1, kind: '-', name: '-', path: '-', message: 'cannot read' },
    ],
  };

  it('formats text as FILE:LINE: Kind/name: path: reason, one line each', () => {
    assert.equal(
      formatText(report),
      'a.yaml:3: Workflow/w: spec.entrypoint: bad thing\nb.yaml:1: -: -: cannot read\n',
    );
    assert.equal(formatText({ documents: 0, problems: [] }), '');
  });

  it('formats JSON with every field', () => {
    const parsed = JSON.parse(formatJson(report));
    assert.equal(parsed.problems.length, 2);
    assert.deepEqual(Object.keys(parsed.problems[0]).sort(), [
      'file',
      'kind',
      'line',
      'message',
      'name',
      'path',
    ]);
  });
});

describe('runLint', () => {
  it('exits 0 with no output for clean files', async () => {
    const dir = files({ 'ok.yaml': workflow(container('main')) });
    assert.deepEqual(await runLint([dir], { output: 'text' }), { exitCode: 0, stdout: '' });
  });

  it('exits 1 and reports parse errors and rule problems from several files, sorted', async () => {
    const dir = files({
      'a.yaml': workflow(container('main')).replace('entrypoint: main', 'entrypoint: nope'),
      'b.yaml': 'kind: [',
    });
    const result = await runLint([dir], { output: 'text' });
    assert.equal(result.exitCode, 1);
    const lines = result.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 2);
    assert.equal(
      lines[0],
      `${join(dir, 'a.yaml')}:6: Workflow/t: spec.entrypoint: template "nope" not found`,
    );
    assert.match(lines[1] ?? '', new RegExp(`^${join(dir, 'b.yaml')}:\\d+: -: -: `));
  });

  it('never throws, even for a missing path', async () => {
    const result = await runLint(['/no/such/dir/at/all'], { output: 'json' });
    assert.equal(result.exitCode, 1);
    assert.equal(JSON.parse(result.stdout).problems.length, 1);
  });

  it('resolves templateRefs across files given together', async () => {
    const lib = `apiVersion: argoproj.io/v1alpha1\nkind: WorkflowTemplate\nmetadata:\n  name: lib\nspec:\n  templates:\n${container('say')}`;
    const user = workflow(`    - name: main
      steps:
        - - name: a
            templateRef: { name: lib, template: say }
`);
    const dir = files({ 'lib.yaml': lib, 'user.yaml': user });
    assert.deepEqual((await lintFiles([dir])).problems, []);
    assert.equal((await lintFiles([join(dir, 'user.yaml')])).problems.length, 1);
  });
});
