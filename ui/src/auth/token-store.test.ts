import assert from 'node:assert/strict';
import { test } from 'node:test';
import { authorizationHeader, clearToken, getToken, type KeyValueStorage, setToken } from './token-store.ts';

function memory(): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

test('a token is kept trimmed, without a pasted Bearer prefix, and becomes the header', () => {
  const s = memory();
  setToken('  Bearer abc.def  ', s);
  assert.equal(getToken(s), 'abc.def');
  assert.deepEqual(authorizationHeader(s), { Authorization: 'Bearer abc.def' });
});

test('an empty token or clear logs out', () => {
  const s = memory();
  setToken('x', s);
  setToken('  ', s);
  assert.equal(getToken(s), undefined);
  setToken('y', s);
  clearToken(s);
  assert.deepEqual(authorizationHeader(s), {});
  assert.equal(s.data.size, 0);
});
