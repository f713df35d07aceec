import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryStore } from '../store/index.js';
import { createToken, listTokens, revokeToken, verifyToken } from './access-tokens.js';

test('a token verifies to its grant; the store holds only a hash', async () => {
  const store = new MemoryStore();
  const { token, grant } = await createToken(store, { namespace: 'ns1', role: 'editor' });
  assert.match(token, /^argosy\.[0-9a-f]{12}\.[A-Za-z0-9_-]{32}$/);
  assert.deepEqual(await verifyToken(store, token), { ...grant });
  const stored = JSON.stringify((await store.list('ArgosyAccessToken')).items);
  assert.ok(!stored.includes(token.split('.')[2] ?? ''), 'the secret is not stored');
  assert.equal((await listTokens(store)).length, 1);
});

test('wrong, malformed and revoked tokens do not verify', async () => {
  const store = new MemoryStore();
  const { token, grant } = await createToken(store, { namespace: '*', role: 'admin' });
  const [p, id, secret] = token.split('.');
  for (const bad of [
    '',
    'x',
    `${p}.${id}.${secret}x`,
    `${p}.${id}`,
    `nope.${id}.${secret}`,
    `${p}.000000000000.${secret}`,
  ]) {
    assert.equal(await verifyToken(store, bad), undefined, bad);
  }
  await revokeToken(store, grant.id);
  assert.equal(await verifyToken(store, token), undefined);
});

test('bad roles and namespaces are refused', async () => {
  const store = new MemoryStore();
  await assert.rejects(createToken(store, { namespace: 'ns', role: 'root' }), /--role/);
  await assert.rejects(createToken(store, { namespace: 'Not Valid', role: 'viewer' }), /--namespace/);
});
