import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openStoreUrl } from './open-store-url.js';

test('sqlite:PATH opens that file; an unknown scheme is refused without echoing credentials', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'argosy-store-url-'));
  try {
    const store = await openStoreUrl(`sqlite:${join(dir, 'x.db')}`, dir);
    await store.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'd' } });
    await store.close();
    const again = await openStoreUrl(`sqlite:${join(dir, 'x.db')}`, '/nonexistent');
    assert.equal((await again.list('ConfigMap')).items.length, 1);
    await again.close();
    await assert.rejects(openStoreUrl('redis://user:hunter2@db/argosy', dir), (err: Error) => {
      assert.match(err.message, /^--store: .*unknown scheme "redis:"/);
      assert.doesNotMatch(err.message, /hunter2/);
      return true;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
