import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { templateShapeRule } from './template-shape-rule.js';
import { container, lintYaml, workflow } from './test-support.js';

const lint = (text: string) => lintYaml(text, [templateShapeRule]);

describe('template shape rule', () => {
  it('accepts one type per template', () => {
    const text = workflow(`${container('main')}    - name: s
      suspend: {}
    - name: r
      resource:
        action: create
        manifest: "{}"
`);
    assert.deepEqual(lint(text), []);
  });

  it('checks resource.manifestFrom: an input artifact, and not with manifest', () => {
    const text = workflow(`    - name: main
      inputs:
        artifacts: [{name: m, raw: {data: "{}"}}]
      resource:
        action: create
        manifestFrom: {artifact: {name: m}}
    - name: bad
      inputs: {}
      resource:
        action: create
        manifest: "{}"
        manifestFrom: {artifact: {name: nope}}
`);
    assert.deepEqual(lint(text), [
      '19 spec.templates[1].resource.manifestFrom: give either manifest or manifestFrom in a resource template, not both',
      '19 spec.templates[1].resource.manifestFrom.artifact.name: manifestFrom names artifact "nope", which is not an input artifact of template "bad"',
    ]);
  });

  it('rejects no type and two types', () => {
    const text = workflow(`    - name: main
      inputs: {}
    - name: both
      steps: []
      dag:
        tasks: []
`);
    assert.deepEqual(lint(text), [
      '8 spec.templates[0]: template "main" has no template type: set one of container, script, steps, dag, suspend, resource, http, containerSet, data, plugin',
      '12 spec.templates[1].dag: template "both" has more than one template type: steps, dag',
    ]);
  });

  it('allows one loop, rejects two, and withSequence count with end', () => {
    const text = workflow(`    - name: main
      dag:
        tasks:
          - name: a
            template: main
            withItems: [1]
          - name: b
            template: main
            withSequence: { count: "2", end: "5" }
          - name: c
            template: main
            withItems: [1]
            withSequence: { count: "2" }
`);
    assert.deepEqual(lint(text), [
      '16 spec.templates[0].dag.tasks[1].withSequence.end: only one of count or end can be defined in withSequence',
      '20 spec.templates[0].dag.tasks[2].withSequence: only one of withItems, withParam, withSequence can be specified (found withItems, withSequence)',
    ]);
  });

  it('keeps timeout and activeDeadlineSeconds on leaves, parallelism on steps/dag', () => {
    const text = workflow(`    - name: main
      activeDeadlineSeconds: 5
      parallelism: 1
      steps: []
    - name: leaf
      parallelism: 1
      timeout: 1m
      container: { image: alpine }
`);
    assert.deepEqual(lint(text), [
      '9 spec.templates[0].activeDeadlineSeconds: activeDeadlineSeconds is only valid on leaf templates',
      '13 spec.templates[1].parallelism: parallelism is only valid on steps and dag templates',
    ]);
  });

  it('wants a data template to name a location to list', () => {
    const data = (source: string) =>
      workflow(`    - name: main
      data:
        source: ${source}
        transformation: []
`);
    assert.deepEqual(lint(data('{ artifactPaths: { name: a, s3: { key: logs } } }')), []);
    assert.deepEqual(lint(data('{}')), [
      '10 spec.templates[0].data.source: a data template needs source.artifactPaths (the location to list)',
    ]);
    assert.deepEqual(lint(data('{ artifactPaths: { name: a } }')), [
      '10 spec.templates[0].data.source.artifactPaths: artifactPaths needs a location to list, e.g. s3: {key: "{{workflow.name}}/logs"}',
    ]);
  });
});
