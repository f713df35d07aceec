import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { artifactLocationReason } from './artifact-reason.js';
import { bucketsOf, localS3Repository, namesS3Server, pointS3At, s3SecretsOf } from './local-s3.js';

const local = { endpoint: '127.0.0.1:9000', secret: 'local-s3' };

describe('pointing examples at a loopback S3 server', () => {
  it('finds s3 locations naming a bucket or endpoint, at any depth, and not key-only ones', () => {
    assert.equal(namesS3Server({ templates: [{ outputs: { artifacts: [{ s3: { key: 'k' } }] } }] }), false);
    assert.equal(namesS3Server({ source: { artifactPaths: { s3: { bucket: 'b' } } } }), true);
    assert.equal(namesS3Server([{ archiveLocation: { s3: { endpoint: 'minio:9000', key: 'k' } } }]), true);
    assert.equal(namesS3Server({ plugin: { configuration: 'bucket: b\nendpoint: e' } }), false);
  });

  it('moves them onto the local endpoint, keeping bucket, key, region and named credentials', () => {
    const wf = {
      a: { s3: { endpoint: 's3.amazonaws.com', bucket: 'b', key: 'k', region: 'us-west-2' } },
      b: [{ s3: { bucket: 'b', endpoint: 'minio:9000', accessKeySecret: { name: 'own', key: 'ak' } } }],
      c: { s3: { key: 'only' } },
      d: 'text',
    };
    const out = pointS3At(wf, local);
    assert.deepEqual(out.a.s3, {
      accessKeySecret: { name: 'local-s3', key: 'accessKey' },
      secretKeySecret: { name: 'local-s3', key: 'secretKey' },
      endpoint: '127.0.0.1:9000',
      bucket: 'b',
      key: 'k',
      region: 'us-west-2',
      insecure: true,
    });
    assert.deepEqual(out.b[0]?.s3, {
      bucket: 'b',
      endpoint: '127.0.0.1:9000',
      accessKeySecret: { name: 'own', key: 'ak' },
      insecure: true,
    });
    assert.deepEqual(out.c, { s3: { key: 'only' } });
    assert.equal(out.d, 'text');
    assert.equal(wf.a.s3.endpoint, 's3.amazonaws.com', 'the input is not changed');
  });

  it('makes a default repository on the same server', () => {
    assert.deepEqual(localS3Repository(local, 'my-bucket'), {
      s3: {
        bucket: 'my-bucket',
        endpoint: '127.0.0.1:9000',
        insecure: true,
        accessKeySecret: { name: 'local-s3', key: 'accessKey' },
        secretKeySecret: { name: 'local-s3', key: 'secretKey' },
      },
    });
  });

  it('lists the buckets and the Secrets (with the local credentials) the locations name', () => {
    const wf = [
      {
        s3: {
          bucket: 'b',
          accessKeySecret: { name: 'm', key: 'ak' },
          secretKeySecret: { name: 'm', key: 'sk' },
        },
      },
      { deeper: { s3: { bucket: 'a', key: 'k' } } },
      { s3: { bucket: 'b', accessKeySecret: { name: 'n', key: 'accessKey' } } },
    ];
    assert.deepEqual(bucketsOf(wf), ['a', 'b']);
    assert.deepEqual(s3SecretsOf(wf, 'AK', 'SK'), { m: { ak: 'AK', sk: 'SK' }, n: { accessKey: 'AK' } });
  });

  it('runs s3 locations on a loopback endpoint and names the test that runs the others', () => {
    assert.equal(
      artifactLocationReason({ name: 'a', s3: { bucket: 'b', endpoint: '127.0.0.1:9000', key: 'k' } }),
      undefined,
    );
    assert.equal(
      artifactLocationReason({ name: 'a', s3: { bucket: 'b', endpoint: 'localhost:9000' } }),
      undefined,
    );
    assert.match(
      artifactLocationReason({ name: 'a', s3: { bucket: 'b', endpoint: 's3.amazonaws.com' } }) ?? '',
      /run by argo-examples-s3\.integration\.test\.ts/,
    );
    assert.match(artifactLocationReason({ name: 'a', s3: { bucket: 'b' } }) ?? '', /argo-examples-s3/);
  });
});
