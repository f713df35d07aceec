import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ResourceRequest } from '../engine/gate-types.js';
import { MemoryStore, type Resource } from '../store/index.js';
import { mergePatch, performResource } from './resource-request.js';

const owner = { namespace: 'default', name: 'parent', uid: 'u1' };

function req(partial: Partial<ResourceRequest>): ResourceRequest {
  return { action: 'get', flags: [], setOwnerReference: false, owner, outputs: [], ...partial };
}

const CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  labels: {app: x}\ndata:\n  a: "1"\n';

test('merge patch: null deletes, objects merge, the rest replaces', () => {
  assert.deepEqual(mergePatch({ a: 1, b: { c: 2, d: 3 }, e: [1] }, { a: null, b: { c: 5 }, e: [2] }), {
    b: { c: 5, d: 3 },
    e: [2],
  });
});

test('create, patch (merge), get with jsonPath and jqFilter outputs, delete by selector', async () => {
  const store = new MemoryStore();
  const created = await performResource('n', req({ action: 'create', manifest: CM }), { store });
  assert.equal(created?.phase, 'Succeeded');
  await performResource(
    'n',
    req({ action: 'patch', mergeStrategy: 'strategic', flags: ['cm', 'cm'], manifest: 'data:\n  b: "2"\n' }),
    { store },
  );
  const got = await performResource(
    'n',
    req({
      manifest: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n',
      outputs: [
        { name: 'data', jsonPath: '{.data}' },
        { name: 'b', jqFilter: '.data.b' },
        { name: 'missing', jsonPath: '{.data.zzz}', default: 'dflt' },
      ],
    }),
    { store },
  );
  assert.deepEqual(got?.outputs?.parameters, [
    { name: 'data', value: '{"a":"1","b":"2"}' },
    { name: 'b', value: '2' },
    { name: 'missing', value: 'dflt' },
  ]);
  const jq = await performResource(
    'n',
    req({ flags: ['configmap', 'cm'], outputs: [{ name: 'x', jqFilter: '.data | keys' }] }),
    {
      store,
    },
  );
  assert.equal(jq?.phase, 'Failed');
  assert.match(jq?.message ?? '', /only plain paths like .metadata.name are supported/);
  const del = await performResource(
    'n',
    req({ action: 'delete', flags: ['configmap', '--selector', 'app=x'] }),
    { store },
  );
  assert.equal(del?.phase, 'Succeeded');
  await assert.rejects(store.get<Resource>('ConfigMap', 'default', 'cm'), /not found/);
});

test('conditions: failureCondition fails the node, a wait ends when the node is no longer wanted', async () => {
  const store = new MemoryStore();
  await store.create({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'st', namespace: 'default' },
    data: { phase: 'Failed' },
  } as Resource);
  const failed = await performResource(
    'n',
    req({
      flags: ['cm', 'st'],
      successCondition: 'data.phase == Succeeded',
      failureCondition: 'data.phase in (Failed, Error)',
    }),
    { store },
  );
  assert.equal(failed?.phase, 'Failed');
  assert.equal(failed?.message, 'failure condition "data.phase in (Failed, Error)" met by ConfigMap st');
  let asked = 0;
  const abandoned = await performResource(
    'n',
    req({ flags: ['cm', 'st'], successCondition: 'data.phase == Succeeded' }),
    {
      store,
      pollMs: 1,
      stillWanted: async () => ++asked < 2,
    },
  );
  assert.equal(abandoned, undefined);
  assert.equal(asked, 2);
});

test('a missing object, a bad condition and a json patch that is not a list fail the node', async () => {
  const store = new MemoryStore();
  const missing = await performResource('n', req({ flags: ['workflow', 'nope'] }), { store });
  assert.deepEqual([missing?.phase, missing?.message], ['Failed', 'workflows.argoproj.io "nope" not found']);
  await performResource('n', req({ action: 'create', manifest: CM }), { store });
  const bad = await performResource('n', req({ flags: ['cm', 'cm'], successCondition: 'data.a ~ 1' }), {
    store,
  });
  assert.equal(bad?.message, 'cannot parse condition "data.a ~ 1"');
  const patch = await performResource(
    'n',
    req({ action: 'patch', mergeStrategy: 'json', flags: ['cm', 'cm'], manifest: 'a: 1' }),
    {
      store,
    },
  );
  assert.equal(patch?.message, 'a json patch (mergeStrategy: json) must be a list of operations');
});

test('manifestFrom: raw data is the manifest; other locations are read through readArtifact', async () => {
  const store = new MemoryStore();
  const raw = await performResource(
    'n',
    req({ action: 'create', manifestArtifact: { name: 'm', raw: { data: CM } } }),
    { store },
  );
  assert.equal(raw?.phase, 'Succeeded', raw?.message);
  assert.ok(await store.get('ConfigMap', 'default', 'cm'));
  const read: string[] = [];
  const fromS3 = await performResource(
    'n',
    req({ action: 'create', manifestArtifact: { name: 'm', s3: { key: 'k/m.yaml' } } }),
    {
      store,
      readArtifact: async (a) => {
        read.push(a.name);
        return CM.replace('name: cm', 'name: cm2');
      },
    },
  );
  assert.equal(fromS3?.phase, 'Succeeded', fromS3?.message);
  assert.deepEqual(read, ['m']);
  assert.ok(await store.get('ConfigMap', 'default', 'cm2'));
  const failed = await performResource(
    'n',
    req({ action: 'create', manifestArtifact: { name: 'm', s3: { key: 'k' } } }),
    { store, readArtifact: () => Promise.reject(new Error('no such key')) },
  );
  assert.equal(failed?.phase, 'Failed');
  assert.equal(failed?.message, 'manifestFrom artifact "m": no such key');
});
