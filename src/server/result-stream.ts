/**
 * A streamed response as Argo's grpc-gateway writes one: each message is `{"result": ...}` (or
 * `{"error": ...}` at the end); as server-sent events (`data: {...}\n\n`) when the client accepts
 * text/event-stream (Argo's UI, EventSource), else newline-delimited JSON.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toGatewayError } from './grpc-errors.js';

const HEARTBEAT_MS = 15_000;

export class ResultStream {
  private readonly sse: boolean;
  private ended = false;
  private readonly heartbeat: NodeJS.Timeout | undefined;
  /** Aborted when the client goes away. */
  readonly signal: AbortSignal;

  /** Streams open now, so a shutdown can end them cleanly before the server closes. */
  static readonly open = new Set<ResultStream>();

  constructor(
    req: FastifyRequest,
    private readonly reply: FastifyReply,
  ) {
    ResultStream.open.add(this);
    this.sse = (req.headers.accept ?? '').includes('text/event-stream');
    const controller = new AbortController();
    this.signal = controller.signal;
    reply.hijack();
    reply.raw.writeHead(200, {
      'content-type': this.sse ? 'text/event-stream' : 'application/json',
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no',
      'x-request-id': String(req.id),
      connection: 'keep-alive',
    });
    reply.raw.flushHeaders();
    reply.raw.on('close', () => {
      ResultStream.open.delete(this);
      this.ended = true;
      controller.abort();
      if (this.heartbeat) clearInterval(this.heartbeat);
    });
    if (this.sse) {
      // A comment line keeps proxies from closing an idle stream.
      this.heartbeat = setInterval(() => this.write(':\n\n'), HEARTBEAT_MS);
      this.heartbeat.unref?.();
    }
  }

  get closed(): boolean {
    return this.ended;
  }

  send(result: unknown): void {
    this.message({ result });
  }

  /** Ends the stream with an error message in the stream's own shape. */
  fail(err: unknown): void {
    const { status, body } = toGatewayError(err);
    this.message({
      error: { grpcCode: body.code, httpCode: status, message: body.message, httpStatus: String(status) },
    });
    this.end();
  }

  end(): void {
    ResultStream.open.delete(this);
    if (this.ended) return;
    this.ended = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.reply.raw.end();
  }

  /** Resolves when the client has gone away. */
  whenClosed(): Promise<void> {
    if (this.signal.aborted) return Promise.resolve();
    return new Promise((resolve) => this.signal.addEventListener('abort', () => resolve(), { once: true }));
  }

  private message(value: unknown): void {
    const json = JSON.stringify(value);
    this.write(this.sse ? `data: ${json}\n\n` : `${json}\n`);
  }

  private write(text: string): void {
    if (!this.ended) this.reply.raw.write(text);
  }
}
