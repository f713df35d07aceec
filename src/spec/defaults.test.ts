import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyDefaults, GENERATE_NAME_ALPHABET, generateNameSuffix, type Workflow } from './index.js';

describe('applyDefaults', () => {
  it('sets namespace, labels and annotations on a copy', () => {
    const wf = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      metadata: { name: 'a' },
      spec: {},
    } as Workflow;
    const out = applyDefaults(wf);
    assert.deepEqual(out.metadata, { name: 'a', namespace: 'default', labels: {}, annotations: {} });
    assert.deepEqual(wf.metadata, { name: 'a' });
    assert.equal(applyDefaults(wf, 'argo').metadata.namespace, 'argo');
    const given = { ...wf, metadata: { name: 'a', namespace: 'team', labels: { x: 'y' } } };
    assert.deepEqual(applyDefaults(given, 'argo').metadata, {
      name: 'a',
      namespace: 'team',
      labels: { x: 'y' },
      annotations: {},
    });
  });

  it('gives cluster-scoped templates no namespace', () => {
    const out = applyDefaults({ kind: 'ClusterWorkflowTemplate', metadata: { name: 'c' } });
    assert.deepEqual(out.metadata, { name: 'c', labels: {}, annotations: {} });
  });

  it('creates metadata when missing', () => {
    assert.deepEqual(applyDefaults({ kind: 'Secret' }), {
      kind: 'Secret',
      metadata: { namespace: 'default', labels: {}, annotations: {} },
    });
  });
});

describe('generateNameSuffix', () => {
  it('makes 5 characters from the Kubernetes alphabet', () => {
    assert.equal(GENERATE_NAME_ALPHABET, 'bcdfghjklmnpqrstvwxz2456789');
    assert.equal(
      generateNameSuffix(() => 0),
      'bbbbb',
    );
    assert.equal(
      generateNameSuffix(() => 0.999999),
      '99999',
    );
    assert.equal(
      generateNameSuffix(() => 1),
      '99999',
    );
    assert.equal(
      generateNameSuffix(() => Number.NaN),
      'bbbbb',
    );
    let i = 0;
    assert.equal(
      generateNameSuffix(() => (i++ * 5) / 27),
      'bhnt2',
    );
    for (let n = 0; n < 100; n++) assert.match(generateNameSuffix(), /^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });
});
