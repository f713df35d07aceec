/**
 * The REST client: Argo's API on Argo's paths (the server's swagger), bearer token from the session,
 * errors as ApiError. Streams (watch, logs) are read with fetch so the Authorization header is sent.
 */

import { authorizationHeader } from '../auth/token-store.ts';
import { ApiError, apiErrorOf } from './api-error.ts';
import { createSseParser } from './sse-parser.ts';

export type Query = Record<string, string | number | boolean | undefined | string[]>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === '') continue;
    if (Array.isArray(value)) for (const v of value) params.append(key, v);
    else params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** Called when the server answers 401, so the app can show the login screen. */
let onUnauthorized: (() => void) | undefined;
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

export async function request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...authorizationHeader() };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(withQuery(path, query), {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) {
    if (response.status === 401) onUnauthorized?.();
    throw apiErrorOf(response.status, text);
  }
  return (text ? JSON.parse(text) : {}) as T;
}

export const get = <T>(path: string, query?: Query) => request<T>('GET', path, undefined, query);
export const post = <T>(path: string, body: unknown) => request<T>('POST', path, body);
export const put = <T>(path: string, body: unknown) => request<T>('PUT', path, body);
export const del = <T>(path: string, query?: Query) => request<T>('DELETE', path, undefined, query);

export interface StreamHandle {
  close(): void;
}

/**
 * Opens a server-sent-events stream and calls onData for each event's data. With `reconnect`, it
 * reconnects after a dropped connection and after a server-side error (5xx, 429: also reported to
 * onError, then retried with a growing pause up to 10 s); a client error (4xx) or close() ends it.
 */
export function openStream(
  path: string,
  query: Query,
  onData: (data: string) => void,
  onError: (error: Error) => void,
  options: { reconnect?: boolean } = {},
): StreamHandle {
  const controller = new AbortController();
  let closed = false;
  let pause = 1000;
  const run = async () => {
    while (!closed) {
      try {
        const response = await fetch(withQuery(path, query), {
          headers: { Accept: 'text/event-stream', ...authorizationHeader() },
          signal: controller.signal,
        });
        if (!response.ok || !response.body) {
          if (response.status === 401) onUnauthorized?.();
          throw apiErrorOf(response.status, await response.text());
        }
        pause = 1000;
        const parser = createSseParser((data) => onData(data));
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          parser.feed(value);
        }
        if (!options.reconnect) return;
      } catch (error) {
        if (closed) return;
        const serverSide = error instanceof ApiError && (error.status >= 500 || error.status === 429);
        if (!options.reconnect || (error instanceof ApiError && !serverSide)) {
          onError(error as Error);
          return;
        }
        if (serverSide) onError(error as Error);
      }
      await new Promise((r) => setTimeout(r, pause));
      pause = Math.min(10_000, pause * 2);
    }
  };
  void run();
  return {
    close() {
      closed = true;
      controller.abort();
    },
  };
}
