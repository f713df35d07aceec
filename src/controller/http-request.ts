/** Runs an HTTP template's request (the engine only describes it) and reports the response. */
import type { IncomingMessage } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Action, HttpObservation } from '../engine/index.js';

type HttpAction = Extract<Action, { type: 'httpRequest' }>;

/** Responses larger than this are cut (the body becomes outputs.result). */
export const MAX_HTTP_BODY_BYTES = 1024 * 1024;

interface Response {
  statusCode: number;
  body: string;
  headers: Record<string, string[]>;
}

export async function performHttpRequest(
  nodeId: string,
  request: HttpAction['request'],
): Promise<HttpObservation> {
  const timeoutMs = (request.timeoutSeconds ?? 30) * 1000;
  try {
    const res = await send(request, timeoutMs);
    return { kind: 'http', nodeId, ...res };
  } catch (err) {
    return { kind: 'http', nodeId, error: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * One request through node:http(s), so `insecureSkipVerify` can switch certificate checks off for
 * this request only. Rejects with a plain message on transport errors and on the timeout.
 */
function send(request: HttpAction['request'], timeoutMs: number): Promise<Response> {
  return new Promise((resolve, reject) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      reject(new Error(`invalid URL ${JSON.stringify(request.url)}`));
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      reject(new Error(`unsupported URL scheme ${url.protocol} (http: or https: only)`));
      return;
    }
    const headers: Record<string, string[]> = {};
    for (const h of request.headers) headers[h.name] = [...(headers[h.name] ?? []), h.value];
    const options = { method: request.method || 'GET', headers, timeout: timeoutMs };
    const onResponse = (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < MAX_HTTP_BODY_BYTES) chunks.push(chunk);
        size += chunk.length;
      });
      res.on('error', reject);
      res.on('end', () => {
        const body = Buffer.concat(chunks).subarray(0, MAX_HTTP_BODY_BYTES).toString('utf8');
        const responseHeaders: Record<string, string[]> = {};
        for (const [name, value] of Object.entries(res.headers)) {
          if (value !== undefined) responseHeaders[name] = Array.isArray(value) ? value : [value];
        }
        resolve({ statusCode: res.statusCode ?? 0, body, headers: responseHeaders });
      });
    };
    const req =
      url.protocol === 'https:'
        ? httpsRequest(url, { ...options, rejectUnauthorized: !request.insecureSkipVerify }, onResponse)
        : httpRequest(url, options, onResponse);
    req.on('timeout', () => req.destroy(new Error(`request timed out after ${timeoutMs / 1000}s`)));
    req.on('error', reject);
    if (request.body !== undefined) req.write(request.body);
    req.end();
  });
}
