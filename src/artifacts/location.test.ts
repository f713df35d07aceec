import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  describe as describeLocation,
  isComplete,
  keyOf,
  keyOnly,
  kindOf,
  redactUrl,
  relocate,
} from './location.js';

const repo = {
  s3: {
    bucket: 'b',
    endpoint: 'minio:9000',
    keyFormat: '{{workflow.name}}',
    accessKeySecret: { name: 'c', key: 'a' },
    secretKeySecret: { name: 'c', key: 's' },
  },
};

describe('artifact locations', () => {
  it('a key-only artifact is relocated onto the repository, keeping its key and dropping keyFormat', () => {
    assert.equal(isComplete({ s3: { key: 'k' } }), false);
    assert.deepEqual(relocate({ s3: { key: 'k' } }, repo), {
      s3: {
        bucket: 'b',
        endpoint: 'minio:9000',
        accessKeySecret: { name: 'c', key: 'a' },
        secretKeySecret: { name: 'c', key: 's' },
        key: 'k',
      },
    });
    // onto the local repository: the kind follows the repository, as Argo's Relocate does
    assert.deepEqual(relocate({ s3: { key: 'k' } }, { local: {} }), { local: { key: 'k' } });
  });

  it('a local location never keeps a path of its own (only the repository says where it is)', () => {
    assert.deepEqual(relocate({ local: { key: 'k', path: '/etc' } }, { local: { path: '/repo' } }), {
      local: { path: '/repo', key: 'k' },
    });
  });

  it('complete locations stay as they are; keyOnly records just the key', () => {
    const full = { s3: { bucket: 'x', key: 'y' } };
    assert.equal(relocate(full, repo), full);
    assert.deepEqual(keyOnly(relocate({ s3: { key: 'k' } }, repo)), { s3: { key: 'k' } });
    assert.equal(isComplete({ http: { url: 'https://x' } }), true);
    assert.equal(keyOf({ http: { url: 'https://x' } }), undefined);
    assert.equal(kindOf({ name: 'a', git: { repo: 'r' } }), 'git');
  });

  it('descriptions and URLs carry no credentials', () => {
    assert.equal(redactUrl('https://user:pa55@host/x'), 'https://***@host/x');
    assert.equal(
      describeLocation({ git: { repo: 'https://tok@github.com/a/b' } }),
      'git https://***@github.com/a/b',
    );
    assert.equal(describeLocation(repo), 's3://b/');
  });
});
