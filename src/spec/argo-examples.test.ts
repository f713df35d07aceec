/**
 * Every document of Argo's own examples (valid for Argo v4) must pass schema validation. Reads
 * ../shared/argo-examples (or ARGO_EXAMPLES_DIR) when present; skips otherwise.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, it } from 'node:test';
import { ARGO_EXAMPLES_DIR } from '../testing/shared-dir.js';
import { formatPath, isKind, loadFiles, validateSchema } from './index.js';

const DIR = ARGO_EXAMPLES_DIR;
const present = existsSync(DIR);

/** Example files we reject on purpose, with the reason. */
const EXPECTED_PARSE_ERRORS: Record<string, string> = {};

describe('Argo examples', { skip: present ? false : `${DIR} is absent` }, () => {
  it('validate with zero schema issues for the kinds Argosy reads', async () => {
    const { documents, errors } = await loadFiles([DIR]);
    assert.ok(documents.length > 200, `only ${documents.length} documents found`);
    const parseProblems = errors
      .map((e) => [relative(DIR, e.file ?? ''), e.reason] as const)
      .filter(([file, reason]) => EXPECTED_PARSE_ERRORS[file] !== reason);
    assert.deepEqual(parseProblems, []);
    const problems: string[] = [];
    const otherKinds = new Set<string>();
    for (const doc of documents) {
      if (!isKind(doc.kind)) {
        otherKinds.add(doc.kind || '(none)');
        assert.equal(validateSchema(doc).length, 1, `${doc.file}: one issue for kind ${doc.kind}`);
        continue;
      }
      for (const issue of validateSchema(doc)) {
        problems.push(
          `${relative(DIR, doc.file)}:${doc.lineOf(issue.path)} ${formatPath(issue.path)}: ${issue.message}`,
        );
      }
    }
    assert.deepEqual(problems, []);
    assert.deepEqual([...otherKinds].sort(), ['(none)', 'PersistentVolumeClaim', 'ResourceQuota']);
  });
});
