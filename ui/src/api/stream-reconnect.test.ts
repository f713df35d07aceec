import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { ApiError } from './api-error.ts';
import { openStream } from './client.ts';

test('a watch stream answered 503 reports it, reconnects and goes on', { timeout: 30_000 }, async () => {
  let requests = 0;
  const server = createServer((_req, res) => {
    requests++;
    if (requests === 1) {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 14, message: 'store unavailable' }));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(`data: ${JSON.stringify({ result: { type: 'MODIFIED' } })}\n\n`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const errors: Error[] = [];
  let handle: { close(): void } | undefined;
  try {
    const data = await new Promise<string>((resolve) => {
      handle = openStream(`${base}/api/v1/workflow-events/ns`, {}, resolve, (e) => errors.push(e), {
        reconnect: true,
      });
    });
    assert.deepEqual(JSON.parse(data), { result: { type: 'MODIFIED' } });
    assert.equal(errors.length, 1);
    assert.ok(errors[0] instanceof ApiError && errors[0].status === 503);
    assert.equal(requests, 2);
  } finally {
    handle?.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});

test('a client error (404) ends the stream with the error', { timeout: 30_000 }, async () => {
  const server = createServer((_req, res) => {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ code: 5, message: 'namespace not found' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const error = await new Promise<Error>((resolve) => {
      openStream(`${base}/x`, {}, () => undefined, resolve, { reconnect: true });
    });
    assert.ok(error instanceof ApiError && error.status === 404);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});
