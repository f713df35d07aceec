/**
 * `http` artifacts: GET to load (PUT to save, DELETE to delete), with headers and basic auth whose
 * values come from Secrets. URLs and messages never carry a credential.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { ArtifactDriver, DriverContext, LoadedKind } from '../driver.js';
import { ArtifactError, ArtifactNotFoundError, isTransientCode } from '../errors.js';
import { type ArtifactLocation, type HttpLocation, redactUrl } from '../location.js';
import { streamToFile } from './download.js';

export class HttpDriver implements ArtifactDriver {
  constructor(private readonly ctx: Pick<DriverContext, 'secrets'>) {}

  async load(location: ArtifactLocation, dest: string): Promise<LoadedKind> {
    const body = await this.openStream(location);
    await streamToFile(body, dest);
    return 'file';
  }

  async save(src: string, location: ArtifactLocation): Promise<void> {
    const http = this.http(location);
    const info = await stat(src);
    if (info.isDirectory())
      throw new ArtifactError('an http artifact must be a single file (archive the directory)');
    const headers = await this.headers(http);
    headers['content-length'] = String(info.size);
    await this.request(http, 'PUT', {
      headers,
      body: Readable.toWeb(createReadStream(src)) as unknown as RequestInit['body'],
      duplex: 'half',
    });
  }

  async openStream(location: ArtifactLocation): Promise<Readable> {
    const http = this.http(location);
    const response = await this.request(http, 'GET', { headers: await this.headers(http) });
    if (!response.body) return Readable.from([]);
    return Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>);
  }

  async list(): Promise<string[]> {
    return [];
  }

  async delete(location: ArtifactLocation): Promise<void> {
    const http = this.http(location);
    try {
      await this.request(http, 'DELETE', { headers: await this.headers(http) });
    } catch (err) {
      if (!(err instanceof ArtifactNotFoundError)) throw err;
    }
  }

  private http(location: ArtifactLocation): HttpLocation {
    if (!location.http?.url) throw new ArtifactError('http artifact has no url');
    return location.http;
  }

  private async headers(http: HttpLocation): Promise<Record<string, string>> {
    const headers: Record<string, string> = {};
    for (const h of http.headers ?? []) headers[h.name.toLowerCase()] = h.value;
    const basic = http.auth?.basicAuth;
    if (basic?.usernameSecret || basic?.passwordSecret) {
      const user = basic.usernameSecret ? await this.ctx.secrets(basic.usernameSecret) : '';
      const pass = basic.passwordSecret ? await this.ctx.secrets(basic.passwordSecret) : '';
      headers.authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
    }
    if (http.auth?.oauth2 || http.auth?.clientCert) {
      throw new ArtifactError('http artifact: oauth2 and clientCert auth are not supported by Argosy yet');
    }
    return headers;
  }

  private async request(
    http: HttpLocation,
    method: string,
    init: RequestInit & { duplex?: string },
  ): Promise<Response> {
    const url = redactUrl(http.url);
    let target: URL;
    try {
      target = new URL(http.url);
    } catch {
      throw new ArtifactError(`${method} ${url}: not a valid URL`);
    }
    // Credentials in the URL become a basic auth header: fetch refuses them, and they must not be echoed.
    const headers = { ...(init.headers as Record<string, string>) };
    if (target.username || target.password) {
      const user = decodeURIComponent(target.username);
      const pass = decodeURIComponent(target.password);
      headers.authorization ??= `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
      target.username = '';
      target.password = '';
    }
    let response: Response;
    try {
      response = await fetch(target, { ...init, headers, method, redirect: 'follow' });
    } catch (err) {
      const raw = (err as Error & { cause?: Error }).cause?.message ?? (err as Error).message;
      const reason = raw.split(http.url).join(url);
      throw new ArtifactError(`${method} ${url}: ${reason}`, { transient: isTransientCode(err), cause: err });
    }
    if (response.ok) return response;
    await response.body?.cancel().catch(() => {});
    const message = `${method} ${url}: ${response.status} ${response.statusText}`.trim();
    if (response.status === 404) throw new ArtifactNotFoundError(message);
    throw new ArtifactError(message, { transient: response.status >= 500 || response.status === 429 });
  }
}
