import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { ValidationError } from '../errors/index.js';
import { openStore, parseStoreUrl, redactUrl } from './open-store.js';
import { SqliteStore } from './sqlite/sqlite-store.js';

test('parseStoreUrl: the URL forms of each store', () => {
  const cases: Array<[string, ReturnType<typeof parseStoreUrl>]> = [
    ['sqlite:/var/lib/argosy/argosy.db', { type: 'sqlite', path: '/var/lib/argosy/argosy.db' }],
    ['sqlite:///var/lib/argosy.db', { type: 'sqlite', path: '/var/lib/argosy.db' }],
    ['sqlite:data/argosy.db', { type: 'sqlite', path: resolve('data/argosy.db') }],
    ['SQLITE:x.db', { type: 'sqlite', path: resolve('x.db') }],
    ['sqlite::memory:', { type: 'sqlite', path: ':memory:' }],
    ['/tmp/argosy.db', { type: 'sqlite', path: '/tmp/argosy.db' }],
    ['./argosy.db', { type: 'sqlite', path: resolve('argosy.db') }],
    [
      'postgres://argosy:s3cret@db.example:5432/argosy',
      { type: 'postgres', url: 'postgres://argosy:s3cret@db.example:5432/argosy' },
    ],
    [
      'postgresql://postgres@127.0.0.1/argosy?sslmode=disable',
      { type: 'postgres', url: 'postgresql://postgres@127.0.0.1/argosy?sslmode=disable' },
    ],
    ['mysql://root@127.0.0.1:3306/argosy', { type: 'mysql', url: 'mysql://root@127.0.0.1:3306/argosy' }],
    ['mariadb://root:pw@localhost/argosy', { type: 'mysql', url: 'mysql://root:pw@localhost/argosy' }],
  ];
  for (const [url, expected] of cases) assert.deepEqual(parseStoreUrl(url), expected, url);
});

test('parseStoreUrl: a bad URL is a ValidationError naming the accepted forms, without the password', () => {
  const cases: Array<[string, RegExp]> = [
    ['', /an empty store URL/],
    ['redis://localhost/0', /unknown scheme "redis:"/],
    ['sqlite:', /no database file/],
    ['postgres://user:topsecret@/argosy', /not a valid URL/],
    ['postgres:///argosy', /no host/],
    ['postgres://user:topsecret@db:5432', /no database name/],
    ['mysql://root@127.0.0.1:3306/', /no database name/],
    ['mysql://root@[bad', /not a valid URL/],
  ];
  for (const [url, reason] of cases) {
    assert.throws(
      () => parseStoreUrl(url),
      (err: Error) => {
        assert.ok(err instanceof ValidationError, url);
        assert.equal(err.path, 'store');
        assert.match(err.message, reason);
        assert.match(err.message, /use sqlite:PATH, a file path, postgres:\/\/.* or mysql:\/\//);
        assert.doesNotMatch(err.message, /topsecret/);
        return true;
      },
    );
  }
  assert.equal(redactUrl('postgres://u:pw@h/db'), 'postgres://u:***@h/db');
});

test('openStore opens SQLite from sqlite:PATH and from a bare path, sharing one file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'argosy-open-store-'));
  try {
    const path = join(dir, 'nested', 'argosy.db');
    const a = await openStore(`sqlite:${path}`, { synchronous: 'NORMAL' });
    assert.ok(a instanceof SqliteStore);
    await a.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'argo' } });
    await a.close();
    const b = await openStore(path);
    assert.equal((await b.list('ConfigMap')).items.length, 1);
    await b.close();
    await assert.rejects(openStore('ftp://x/y'), ValidationError);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
