import assert from 'node:assert/strict';
import { relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadFiles } from './index.js';

const testdata = fileURLToPath(new URL('../../testdata/spec/', import.meta.url));

describe('loadFiles', () => {
  it('finds *.yaml, *.yml and *.json under directories, sorted', async () => {
    const { documents, errors } = await loadFiles([`${testdata}tree`]);
    assert.deepEqual(errors, []);
    assert.deepEqual(
      documents.map((d) => [relative(testdata, d.file), d.index, d.kind]),
      [
        ['tree/hello-world.yaml', 0, 'Workflow'],
        ['tree/hello-world.yaml', 2, 'Workflow'],
        ['tree/nested/config.json', 0, 'ConfigMap'],
        ['tree/nested/template.yml', 0, 'WorkflowTemplate'],
      ],
    );
  });

  it('reports broken and unreadable files and keeps going', async () => {
    const missing = `${testdata}no-such-file.yaml`;
    const { documents, errors } = await loadFiles([
      missing,
      `${testdata}broken`,
      `${testdata}tree/nested/config.json`,
    ]);
    assert.deepEqual(
      errors.map((e) => [
        relative(testdata, e.file ?? ''),
        e.reason.startsWith('cannot read') ? e.reason : 'parse',
      ]),
      [
        ['no-such-file.yaml', 'cannot read: no such file or directory'],
        ['broken/bad-yaml.yaml', 'parse'],
      ],
    );
    assert.deepEqual(
      documents.map((d) => d.name),
      ['typo', 'settings'],
    );
  });
});
