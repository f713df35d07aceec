import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Fastify from 'fastify';
import { registerUi, UI_ROUTES } from './ui-static.js';

function uiDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'argosy-ui-static-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
  return dir;
}

test("the UI is served at / and Argo UI's routes fall back to index.html", async (t) => {
  const dir = uiDir();
  const app = Fastify();
  t.after(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });
  app.setNotFoundHandler((_req, reply) => void reply.code(404).send({ code: 5, message: 'no such path' }));
  app.get('/api/v1/version', async () => ({ version: 'x' }));
  assert.equal(await registerUi(app, dir), true);

  for (const url of [
    '/',
    '/workflows',
    '/workflows/argo/hello-abc?nodeId=x',
    '/cron-workflows/ns/c',
    '/submit',
    '/login',
  ]) {
    const res = await app.inject({ url });
    assert.equal(res.statusCode, 200, url);
    assert.match(res.headers['content-type'] as string, /text\/html/, url);
    assert.match(res.body, /id="root"/, url);
  }
  const asset = await app.inject({ url: '/assets/index-abc.js' });
  assert.equal(asset.statusCode, 200, asset.body);
  assert.match(asset.headers['cache-control'] as string, /immutable/);
  assert.equal((await app.inject({ url: '/api/v1/version' })).json().version, 'x');
  const missing = await app.inject({ url: '/api/v1/nope' });
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.json().code, 5);
  assert.equal((await app.inject({ url: '/no-such-page' })).statusCode, 404);
  assert.ok(UI_ROUTES.includes('archived-workflows'));
});

test('without a built UI nothing is registered', async () => {
  const app = Fastify();
  const empty = mkdtempSync(join(tmpdir(), 'argosy-ui-none-'));
  try {
    assert.equal(await registerUi(app, empty), false);
    assert.equal((await app.inject({ url: '/workflows' })).statusCode, 404);
  } finally {
    rmSync(empty, { recursive: true, force: true });
    await app.close();
  }
});
