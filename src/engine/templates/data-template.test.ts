import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { reconcile } from '../reconcile.js';
import { workflowFromYaml } from '../testing/fixtures.js';
import type { DataObservation, ListArtifactPathsAction } from '../types.js';
import { TransformationError, transformData } from './data-template.js';

const WF = `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: sort-logs}
spec:
  entrypoint: main
  arguments: {parameters: [{name: suffix, value: main.log}]}
  templates:
  - name: main
    steps:
    - - name: list
        template: list
        arguments: {parameters: [{name: suffix, value: "{{workflow.parameters.suffix}}"}]}
    - - name: use
        template: use
        arguments: {parameters: [{name: file, value: "{{item}}"}]}
        withParam: "{{steps.list.outputs.result}}"
  - name: list
    inputs: {parameters: [{name: suffix}]}
    data:
      source:
        artifactPaths:
          name: logs
          s3: {key: "{{workflow.name}}/logs"}
      transformation:
      - expression: 'filter(data, {# endsWith "{{inputs.parameters.suffix}}"})'
      - expression: 'map(data, {# + ".done"})'
  - name: use
    inputs: {parameters: [{name: file}]}
    container: {image: busybox, command: [echo, "{{inputs.parameters.file}}"]}
`;

const NOW = '2024-01-01T00:00:00Z';

function listAction(actions: { type: string }[]): ListArtifactPathsAction {
  const action = actions.find((a) => a.type === 'listArtifactPaths');
  assert.ok(action, 'a listArtifactPaths action');
  return action as ListArtifactPathsAction;
}

describe('transformData', () => {
  test('applies the steps in order, each seeing the previous value as data', () => {
    const files = ['a/main.log', 'a/init.log', 'b/main.log'];
    const out = transformData(files, [
      { expression: 'filter(data, {# endsWith "main.log"})' },
      { expression: 'map(data, {# + ".processed"})' },
    ]);
    assert.deepEqual(out, ['a/main.log.processed', 'b/main.log.processed']);
  });

  test('with no steps the listing is the result', () => {
    assert.deepEqual(transformData(['x'], []), ['x']);
  });

  test('a step may turn the list into another value', () => {
    assert.equal(transformData(['x', 'y'], [{ expression: 'len(data)' }]), 2);
  });

  test('a failing step names its index and expression', () => {
    assert.throws(
      () => transformData(['x'], [{ expression: 'data' }, { expression: 'nosuch(data)' }]),
      (err: unknown) =>
        err instanceof TransformationError &&
        err.index === 1 &&
        /^transformation\[1\] "nosuch\(data\)": /.test(err.message),
    );
    assert.throws(
      () => transformData([], [{ expression: ' ' }]),
      /transformation\[0\] " ": expression is empty/,
    );
  });
});

describe('data template', () => {
  test('asks for a listing of its substituted source, then fans the result out', () => {
    const wf = workflowFromYaml(WF);
    let r = reconcile({ workflow: wf, observations: [], now: NOW });
    const action = listAction(r.actions);
    assert.deepEqual(action.artifact, { s3: { key: 'sort-logs/logs' } });
    assert.deepEqual(action.repository, { local: {} });
    assert.deepEqual(action.transformation, [
      { expression: 'filter(data, {# endsWith "main.log"})' },
      { expression: 'map(data, {# + ".done"})' },
    ]);
    assert.equal(r.actions.filter((a) => a.type === 'startPod').length, 0, 'no pod for a data template');
    const node = r.status.nodes?.[action.nodeId];
    assert.equal(node?.type, 'Pod');
    assert.equal(node?.phase, 'Running');
    assert.equal(node?.displayName, 'list');

    const obs: DataObservation = {
      kind: 'data',
      nodeId: action.nodeId,
      files: ['sort-logs/logs/a/main.log', 'sort-logs/logs/a/init.log', 'sort-logs/logs/b/main.log'],
      transformation: action.transformation,
    };
    r = reconcile({ workflow: { ...wf, status: r.status }, observations: [obs], now: NOW });
    const done = r.status.nodes?.[action.nodeId];
    assert.equal(done?.phase, 'Succeeded');
    assert.equal(
      done?.outputs?.result,
      '["sort-logs/logs/a/main.log.done","sort-logs/logs/b/main.log.done"]',
    );
    const pods = r.actions.filter((a) => a.type === 'startPod');
    assert.equal(pods.length, 2, 'one step per listed file');
  });

  test('an empty listing gives the JSON list []', () => {
    const wf = workflowFromYaml(WF);
    let r = reconcile({ workflow: wf, observations: [], now: NOW });
    const action = listAction(r.actions);
    const obs: DataObservation = { kind: 'data', nodeId: action.nodeId, files: [], transformation: [] };
    r = reconcile({ workflow: { ...wf, status: r.status }, observations: [obs], now: NOW });
    assert.equal(r.status.nodes?.[action.nodeId]?.outputs?.result, '[]');
  });

  test('a listing error or a failing transformation ends the node in Error with the reason', () => {
    const cases: [Partial<DataObservation>, RegExp][] = [
      [{ error: 'failed to list s3://b/k: Access Denied' }, /Access Denied/],
      [{ files: ['x'], transformation: [{ expression: 'data +' }] }, /^transformation\[0\] "data \+": /],
    ];
    for (const [obs, message] of cases) {
      const wf = workflowFromYaml(WF);
      let r = reconcile({ workflow: wf, observations: [], now: NOW });
      const action = listAction(r.actions);
      const observation: DataObservation = {
        kind: 'data',
        nodeId: action.nodeId,
        transformation: [],
        ...obs,
      };
      r = reconcile({ workflow: { ...wf, status: r.status }, observations: [observation], now: NOW });
      const node = r.status.nodes?.[action.nodeId];
      assert.equal(node?.phase, 'Error');
      assert.match(node?.message ?? '', message);
      assert.equal(r.status.phase, 'Failed');
    }
  });

  test('a source without a location fails at once', () => {
    const wf = workflowFromYaml(WF.replace('s3: {key: "{{workflow.name}}/logs"}', 'archive: {none: {}}'));
    const r = reconcile({ workflow: wf, observations: [], now: NOW });
    assert.equal(
      r.actions.some((a) => a.type === 'listArtifactPaths'),
      false,
    );
    const node = Object.values(r.status.nodes ?? {}).find((n) => n.displayName === 'list');
    assert.equal(node?.phase, 'Error');
    assert.match(node?.message ?? '', /artifactPaths has no location/);
  });

  test('under retryStrategy (policy Always) a failed listing is asked for again', () => {
    const wf = workflowFromYaml(
      WF.replace('    data:\n', '    retryStrategy: {limit: 1, retryPolicy: Always}\n    data:\n'),
    );
    let r = reconcile({ workflow: wf, observations: [], now: NOW });
    const first = listAction(r.actions);
    const obs: DataObservation = { kind: 'data', nodeId: first.nodeId, error: 'boom', transformation: [] };
    r = reconcile({ workflow: { ...wf, status: r.status }, observations: [obs], now: NOW });
    const again = listAction(r.actions);
    assert.notEqual(again.nodeId, first.nodeId, 'a second attempt node');
    assert.equal(r.status.nodes?.[again.nodeId]?.name, 'sort-logs[0].list(1)');
  });
});
