import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Workflow } from '../spec/types.js';
import { MemoryStore } from '../store/index.js';
import { artifactRepositoryResolver, DEFAULT_REPOSITORY_ANNOTATION } from './artifact-repository-resolver.js';
import { storeSecretReader } from './secret-reader.js';

const wf = (spec: Record<string, unknown> = {}): Workflow =>
  ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name: 'w', namespace: 'team' },
    spec,
  }) as Workflow;

async function storeWith(...resources: Record<string, unknown>[]): Promise<MemoryStore> {
  const store = new MemoryStore();
  for (const r of resources) await store.create(r as never);
  return store;
}

const repositories = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: {
    name: 'artifact-repositories',
    namespace: 'team',
    annotations: { [DEFAULT_REPOSITORY_ANNOTATION]: 'minio' },
  },
  data: {
    minio: 's3:\n  bucket: team-bucket\n  endpoint: minio:9000\n  insecure: true\n',
    other: 's3:\n  bucket: other-bucket\n',
    broken: 's3:\n  endpoint: x\n',
  },
};

describe('artifact repository resolution', () => {
  it('artifactRepositoryRef names a key of a ConfigMap in the workflow namespace', async () => {
    const resolve = artifactRepositoryResolver(await storeWith(repositories), {});
    assert.deepEqual(await resolve(wf({ artifactRepositoryRef: { key: 'other' } })), {
      configMap: 'artifact-repositories',
      key: 'other',
      namespace: 'team',
      artifactRepository: { s3: { bucket: 'other-bucket' } },
    });
  });

  it("without a key, the ConfigMap's default annotation; without a ref, the namespace default wins over the config", async () => {
    const resolve = artifactRepositoryResolver(await storeWith(repositories), {
      artifactRepository: { local: {} },
    });
    const byRef = await resolve(wf({ artifactRepositoryRef: { configMap: 'artifact-repositories' } }));
    assert.equal(byRef.key, 'minio');
    const byDefault = await resolve(wf());
    assert.equal(byDefault.default, true);
    assert.deepEqual(byDefault.artifactRepository, {
      s3: { bucket: 'team-bucket', endpoint: 'minio:9000', insecure: true },
    });
  });

  it('falls back to the configuration file, then to the local repository', async () => {
    const s3 = { s3: { bucket: 'from-config' } };
    assert.deepEqual(await artifactRepositoryResolver(new MemoryStore(), { artifactRepository: s3 })(wf()), {
      default: true,
      artifactRepository: s3,
    });
    assert.deepEqual(await artifactRepositoryResolver(new MemoryStore(), {})(wf()), {
      default: true,
      artifactRepository: { local: {} },
    });
  });

  it('a missing ConfigMap, key or a bad repository is a clear error', async () => {
    const resolve = artifactRepositoryResolver(await storeWith(repositories), {});
    await assert.rejects(
      resolve(wf({ artifactRepositoryRef: { configMap: 'nope' } })),
      /configmap "nope" not found/,
    );
    await assert.rejects(
      resolve(wf({ artifactRepositoryRef: { key: 'missing' } })),
      /does not have the key "missing"/,
    );
    await assert.rejects(
      resolve(wf({ artifactRepositoryRef: { key: 'broken' } })),
      /s3\.bucket: is required/,
    );
  });
});

describe('secrets for artifact credentials', () => {
  it('reads base64 data and stringData; a missing secret or key names both, never a value', async () => {
    const store = await storeWith({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's3', namespace: 'team' },
      data: { accessKey: Buffer.from('AKIA-TEST').toString('base64') },
      stringData: { secretKey: 'plain-secret' },
    });
    const read = storeSecretReader(store);
    assert.equal(await read('team', { name: 's3', key: 'accessKey' }), 'AKIA-TEST');
    assert.equal(await read('team', { name: 's3', key: 'secretKey' }), 'plain-secret');
    await assert.rejects(
      read('team', { name: 's3', key: 'nope' }),
      /secret "s3" in namespace "team" has no key "nope"/,
    );
    await assert.rejects(
      read('other', { name: 's3', key: 'accessKey' }),
      /secret "s3" not found in namespace "other"/,
    );
  });
});
