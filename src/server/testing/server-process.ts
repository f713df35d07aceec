/**
 * Starts a real `argosy server` (from source, through the CLI) on port 0 with its own ARGOSY_HOME,
 * for integration tests; and small HTTP helpers to talk to it.
 */
import type { ChildProcess } from 'node:child_process';
import { spawnCli } from '../../cli/testing/run-cli.js';

export interface ServerProcess {
  url: string;
  home: string;
  child: ChildProcess;
  /** Everything the server wrote to stdout (pino JSON lines) so far. */
  output(): string;
  /** SIGTERM, then wait for the exit code. */
  stop(): Promise<number | null>;
}

export async function startServer(
  home: string,
  args: string[] = [],
  env: Record<string, string> = {},
  timeoutMs = 30_000,
): Promise<ServerProcess> {
  const child = spawnCli(['server', '--port', '0', ...args], { home, env });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start in ${timeoutMs} ms: ${stdout}${stderr}`)),
      timeoutMs,
    );
    const look = () => {
      const m = /argosy server listening on (\S+)/.exec(stdout);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', look);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited ${code} before listening: ${stdout}${stderr}`));
    });
  });
  return {
    url,
    home,
    child,
    output: () => stdout,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

export interface HttpResult<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** One JSON request; the body is parsed when it is JSON. */
export async function request<T = Record<string, unknown>>(
  url: string,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<HttpResult<T>> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: kept as text
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

/**
 * Reads a stream (SSE when `sse`, else newline-delimited JSON) and collects its messages until
 * `until` returns true for one, or the server ends it. Aborts the request afterwards.
 */
export async function readStream(
  url: string,
  path: string,
  options: {
    sse?: boolean;
    token?: string;
    until?: (msg: Record<string, unknown>) => boolean;
    timeoutMs?: number;
  } = {},
): Promise<{ status: number; contentType: string; messages: Array<Record<string, unknown>>; raw: string }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 20_000);
  const headers: Record<string, string> = {};
  if (options.sse) headers.accept = 'text/event-stream';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const messages: Array<Record<string, unknown>> = [];
  let raw = '';
  let status = 0;
  let contentType = '';
  try {
    const res = await fetch(`${url}${path}`, { headers, signal: controller.signal });
    status = res.status;
    contentType = res.headers.get('content-type') ?? '';
    if (!res.ok || !res.body) {
      raw = await res.text();
      return { status, contentType, messages, raw };
    }
    const decoder = new TextDecoder();
    let buffer = '';
    outer: for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      const text = decoder.decode(chunk, { stream: true });
      raw += text;
      buffer += text;
      const sep = options.sse ? '\n\n' : '\n';
      for (let i = buffer.indexOf(sep); i >= 0; i = buffer.indexOf(sep)) {
        const frame = buffer.slice(0, i);
        buffer = buffer.slice(i + sep.length);
        const json = options.sse ? frame.replace(/^data: /, '') : frame;
        if (json.trim() === '' || json.startsWith(':')) continue;
        const msg = JSON.parse(json) as Record<string, unknown>;
        messages.push(msg);
        if (options.until?.(msg)) break outer;
      }
    }
  } catch (err) {
    if ((err as Error).name !== 'AbortError') throw err;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return { status, contentType, messages, raw };
}
