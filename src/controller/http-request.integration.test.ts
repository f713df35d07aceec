import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { performHttpRequest } from './http-request.js';

function handler(req: IncomingMessage, res: ServerResponse): void {
  let body = '';
  req.on('data', (d: Buffer) => {
    body += d.toString();
  });
  req.on('end', () => {
    if (req.url === '/slow') return; // never answers
    res.setHeader('x-echo-method', req.method ?? '');
    res.end(JSON.stringify({ body, auth: req.headers.authorization ?? null }));
  });
}

describe('performHttpRequest', () => {
  const dir = mkdtempSync(join(tmpdir(), 'argosy-http-'));
  const http = createHttpServer(handler);
  let https: ReturnType<typeof createHttpsServer>;
  let httpUrl = '';
  let httpsUrl = '';

  before(async () => {
    execFileSync(
      'openssl',
      [
        ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost'],
        ...['-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
      ],
      { stdio: 'ignore' },
    );
    https = createHttpsServer(
      { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
      handler,
    );
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    await new Promise<void>((r) => https.listen(0, '127.0.0.1', r));
    httpUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    httpsUrl = `https://127.0.0.1:${(https.address() as AddressInfo).port}`;
  });
  after(() => {
    http.closeAllConnections();
    https.closeAllConnections();
    http.close();
    https.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends method, headers and body and reports status, body and headers', async () => {
    const obs = await performHttpRequest('n', {
      method: 'POST',
      url: `${httpUrl}/x`,
      headers: [{ name: 'Authorization', value: 'Bearer t' }],
      body: 'hello',
    });
    assert.equal(obs.statusCode, 200);
    assert.deepEqual(JSON.parse(obs.body ?? ''), { body: 'hello', auth: 'Bearer t' });
    assert.deepEqual(obs.headers?.['x-echo-method'], ['POST']);
  });

  it('refuses a self-signed certificate unless insecureSkipVerify is set', async () => {
    const strict = await performHttpRequest('n', { method: 'GET', url: httpsUrl, headers: [] });
    assert.ok(strict.error && /self-signed|certificate/i.test(strict.error), JSON.stringify(strict));
    const insecure = await performHttpRequest('n', {
      method: 'GET',
      url: httpsUrl,
      headers: [],
      insecureSkipVerify: true,
    });
    assert.ok(insecure.statusCode === 200, JSON.stringify(insecure));
  });

  it('times out with a clear message, and rejects a bad URL without throwing', async () => {
    const slow = await performHttpRequest('n', {
      method: 'GET',
      url: `${httpUrl}/slow`,
      headers: [],
      timeoutSeconds: 0.2,
    });
    assert.ok(slow.error === 'request timed out after 0.2s', JSON.stringify(slow));
    const bad = await performHttpRequest('n', { method: 'GET', url: 'ftp://x', headers: [] });
    assert.ok(/unsupported URL scheme ftp:/.test(bad.error ?? ''));
  });
});
