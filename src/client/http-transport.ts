/**
 * HTTP to an Argosy (or Argo) server: JSON requests with the bearer token, grpc-gateway error bodies
 * turned back into Argosy's error classes, and streamed `{"result": ...}` lines.
 */
import {
  AlreadyExistsError,
  type ArgosyError,
  ConflictError,
  NotFoundError,
  TerminalError,
  ValidationError,
} from '../errors/index.js';
import { PermissionDeniedError, UnauthenticatedError } from '../server/grpc-errors.js';

export interface TransportOptions {
  baseUrl: string;
  token?: string;
}

export function errorFromResponse(status: number, body: unknown): ArgosyError {
  const message =
    body && typeof body === 'object' && typeof (body as { message?: unknown }).message === 'string'
      ? (body as { message: string }).message
      : `HTTP ${status}`;
  switch (status) {
    case 400:
      return new ValidationError('', message);
    case 401:
      return new UnauthenticatedError(message);
    case 403:
      return new PermissionDeniedError(message);
    case 404:
      return new NotFoundError(message);
    case 409:
      return (body as { code?: number } | null)?.code === 10
        ? new ConflictError(message)
        : new AlreadyExistsError(message);
    default:
      return new TerminalError(`server: ${message}`);
  }
}

export class HttpTransport {
  private readonly base: string;

  constructor(private readonly options: TransportOptions) {
    this.base = options.baseUrl.replace(/\/+$/, '');
  }

  private headers(json: boolean): Record<string, string> {
    const h: Record<string, string> = { accept: 'application/json' };
    if (json) h['content-type'] = 'application/json';
    if (this.options.token) h.authorization = `Bearer ${this.options.token}`;
    return h;
  }

  private async send(
    method: string,
    path: string,
    body?: unknown,
    extra: Record<string, string> = {},
  ): Promise<Response> {
    try {
      return await fetch(`${this.base}${path}`, {
        method,
        headers: { ...extra, ...this.headers(body !== undefined) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      const cause = (err as { cause?: { message?: string } }).cause?.message ?? (err as Error).message;
      throw new TerminalError(`cannot reach the server at ${this.base}: ${cause}`);
    }
  }

  /** A response whose body the caller reads (downloads); a non-2xx answer is thrown as its error. */
  async raw(method: string, path: string): Promise<Response> {
    const res = await this.send(method, path);
    if (!res.ok) {
      const text = await res.text();
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      throw errorFromResponse(res.status, parsed);
    }
    return res;
  }

  /** `extra` headers never override the content type or the token. */
  async json<T>(
    method: string,
    path: string,
    body?: unknown,
    extra: Record<string, string> = {},
  ): Promise<T> {
    const res = await this.send(method, path, body, extra);
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? {} : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (!res.ok) throw errorFromResponse(res.status, parsed);
    return parsed as T;
  }

  /** Calls onResult for each `{"result": ...}` line until the server ends the stream. */
  async stream<T>(
    path: string,
    onResult: (result: T) => boolean | undefined,
    signal?: AbortSignal,
  ): Promise<void> {
    const res = await fetch(`${this.base}${path}`, { headers: this.headers(false), signal }).catch(
      (err: unknown) => {
        if ((err as Error).name === 'AbortError') return undefined;
        throw new TerminalError(`cannot reach the server at ${this.base}: ${(err as Error).message}`);
      },
    );
    if (!res) return;
    if (!res.ok) throw errorFromResponse(res.status, await res.json().catch(() => undefined));
    if (!res.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
          const line = buffer.slice(0, nl).trim();
          buffer = buffer.slice(nl + 1);
          if (line === '') continue;
          const message = JSON.parse(line) as { result?: T; error?: { message?: string; httpCode?: number } };
          if (message.error) throw errorFromResponse(message.error.httpCode ?? 500, message.error);
          if (message.result !== undefined && onResult(message.result) === true) return;
        }
      }
    } catch (err) {
      if ((err as Error).name === 'AbortError') return;
      throw err;
    }
  }
}
