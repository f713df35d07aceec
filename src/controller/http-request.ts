/** Runs an HTTP template's request (the engine only describes it) and reports the response. */
import type { Action, Observation } from '../engine/index.js';

type HttpAction = Extract<Action, { type: 'httpRequest' }>;

/** Responses larger than this are cut (the body becomes outputs.result). */
export const MAX_HTTP_BODY_BYTES = 1024 * 1024;

export async function performHttpRequest(
  nodeId: string,
  request: HttpAction['request'],
): Promise<Observation> {
  const controller = new AbortController();
  const timeoutMs = (request.timeoutSeconds ?? 30) * 1000;
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const headers = new Headers();
    for (const h of request.headers) headers.append(h.name, h.value);
    const res = await fetch(request.url, {
      method: request.method || 'GET',
      headers,
      body: request.body,
      signal: controller.signal,
    });
    const buf = Buffer.from(await res.arrayBuffer());
    const body = buf.subarray(0, MAX_HTTP_BODY_BYTES).toString('utf8');
    const responseHeaders: Record<string, string[]> = {};
    res.headers.forEach((value, name) => {
      responseHeaders[name] = [value];
    });
    return { kind: 'http', nodeId, statusCode: res.status, body, headers: responseHeaders };
  } catch (err) {
    const reason = controller.signal.aborted
      ? `request timed out after ${timeoutMs / 1000}s`
      : err instanceof Error
        ? err.cause instanceof Error
          ? err.cause.message
          : err.message
        : String(err);
    return { kind: 'http', nodeId, error: reason };
  } finally {
    clearTimeout(timer);
  }
}
