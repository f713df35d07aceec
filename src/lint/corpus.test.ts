import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ARGO_EXAMPLES_DIR } from '../testing/shared-dir.js';
import { formatProblem, lintFiles } from './index.js';

const root = join(import.meta.dirname, '../../testdata/lint');
const broken = join(root, 'broken');
const valid = join(root, 'valid');
const ARGO_EXAMPLES = ARGO_EXAMPLES_DIR;

describe('broken corpus: each file has exactly the one problem its header expects', () => {
  const files = readdirSync(broken)
    .filter((n) => n.endsWith('.yaml'))
    .sort();
  it('has at least 40 files', () => assert.ok(files.length >= 40, `${files.length} files`));
  for (const name of files) {
    it(name, async () => {
      const file = join(broken, name);
      const header = /^# expect: (.*)$/m.exec(readFileSync(file, 'utf8'));
      assert.ok(header, 'missing "# expect: LINE: Kind/name: path: reason" header');
      const report = await lintFiles([file]);
      assert.deepEqual(report.problems.map(formatProblem), [`${file}:${header[1]}`]);
    });
  }
});

describe('valid corpus', () => {
  it('lints clean, all files together (references resolve across files)', async () => {
    const report = await lintFiles([valid]);
    assert.deepEqual(report.problems.map(formatProblem), []);
    assert.ok(report.documents >= 6);
  });

  it('a templateRef to a WorkflowTemplate of another file fails when that file is not given', async () => {
    const report = await lintFiles([join(valid, 'uses-library.yaml')]);
    const messages = report.problems.map((p) => p.message);
    assert.ok(messages.length >= 2);
    for (const m of messages)
      assert.equal(m, 'WorkflowTemplate "lint-library" not found among the linted files');
  });
});

describe('Argo examples', () => {
  it('lints every example together with zero problems', {
    skip: !existsSync(ARGO_EXAMPLES) && `${ARGO_EXAMPLES} is absent`,
  }, async () => {
    const started = performance.now();
    const report = await lintFiles([ARGO_EXAMPLES]);
    const ms = performance.now() - started;
    const lines = report.problems.map(formatProblem);
    if (lines.length > 0) console.log(lines.join('\n'));
    console.log(
      `argo-examples: ${report.documents} documents, ${lines.length} problems, ${ms.toFixed(0)} ms`,
    );
    assert.equal(lines.length, 0);
  });
});
