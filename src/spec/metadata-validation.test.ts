import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatPath, type ValidationIssue, validateMetadata } from './index.js';

const show = (issues: ValidationIssue[]) => issues.map((i) => `${formatPath(i.path)}: ${i.message}`);
const wf = (metadata: unknown) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Workflow',
  metadata,
  spec: {},
});

describe('validateMetadata', () => {
  it('requires name or generateName', () => {
    assert.deepEqual(show(validateMetadata(wf({}))), ['metadata.name: name or generateName is required']);
    assert.deepEqual(show(validateMetadata(wf({ generateName: 'hello-' }))), []);
    assert.deepEqual(show(validateMetadata(wf({ name: 'hello' }))), []);
    assert.deepEqual(show(validateMetadata({ kind: 'Workflow' })), ['metadata: is required']);
  });

  it('checks names, generateName prefixes and namespaces', () => {
    assert.match(
      show(validateMetadata(wf({ name: 'Hello_World' })))[0] ?? '',
      /^metadata.name: must consist of lower case/,
    );
    assert.match(show(validateMetadata(wf({ generateName: 'Bad-' })))[0] ?? '', /^metadata.generateName: /);
    assert.match(
      show(validateMetadata(wf({ name: 'a', namespace: 'a.b' })))[0] ?? '',
      /^metadata.namespace: /,
    );
    const cwft = { kind: 'ClusterWorkflowTemplate', metadata: { name: 'c', namespace: 'x' } };
    assert.deepEqual(show(validateMetadata(cwft)), [
      'metadata.namespace: must not be set: ClusterWorkflowTemplate is cluster-scoped',
    ]);
  });

  it('checks label and annotation keys and label values', () => {
    const issues = validateMetadata(
      wf({
        name: 'a',
        labels: { 'ok/key': 'v', 'bad key': 'v', good: '-bad' },
        annotations: { 'x/y/z': 'long text ok' },
      }),
    );
    assert.deepEqual(
      issues.map((i) => formatPath(i.path)),
      ['metadata.labels.bad key', 'metadata.labels.good', 'metadata.annotations.x/y/z'],
    );
  });

  it('limits the total size of annotations', () => {
    const issues = validateMetadata(wf({ name: 'a', annotations: { big: 'x'.repeat(300 * 1024) } }));
    assert.deepEqual(show(issues), [
      'metadata.annotations: total size is 307203 bytes, must be no more than 262144',
    ]);
  });
});
