/**
 * A container's output streams: attached before it starts (so nothing is missed), demultiplexed,
 * forwarded to the sink per container (capped), and the tail of stdout kept for `outputs.result`.
 */
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { CappedLog, MAX_RESULT_BYTES, TailBuffer } from '../host/output-capture.js';

export interface LogPipe {
  /** Resolves when the engine closed the stream (the container ended), or after the timeout. */
  drained(timeoutMs: number): Promise<void>;
  /** stdout's tail, for `outputs.result`, when it was kept. */
  tail?: TailBuffer;
  /**
   * Seals the pipe with the engine's whole log of the ended container: what the attached stream has
   * not delivered yet is forwarded from it, and nothing the stream brings later is forwarded twice.
   */
  complete(logged: LoggedStreams): void;
  close(): void;
}

/** A finished container's whole output, per stream, as the engine stored it. */
export interface LoggedStreams {
  stdout: Buffer;
  stderr: Buffer;
}

type Write = (stream: 'stdout' | 'stderr', chunk: string) => void;

function pipe(
  docker: Docker,
  raw: NodeJS.ReadableStream,
  write: Write,
  maxLogBytes: number,
  keepTail: boolean,
  tty = false,
): LogPipe {
  const tail = keepTail ? new TailBuffer(MAX_RESULT_BYTES + 1) : undefined;
  const stdoutLog = new CappedLog((c) => write('stdout', c), maxLogBytes);
  const stderrLog = new CappedLog((c) => write('stderr', c), maxLogBytes);
  const out = new PassThrough();
  const err = new PassThrough();
  const delivered = { stdout: 0, stderr: 0 };
  let sealed = false;
  out.on('data', (chunk: Buffer) => {
    if (sealed) return;
    delivered.stdout += chunk.length;
    stdoutLog.push(chunk);
    tail?.write(chunk);
  });
  err.on('data', (chunk: Buffer) => {
    if (sealed) return;
    delivered.stderr += chunk.length;
    stderrLog.push(chunk);
  });
  if (tty) raw.pipe(out);
  else docker.modem.demuxStream(raw, out, err);
  const ended = new Promise<void>((resolve) => {
    const done = () => {
      if (!sealed) {
        stdoutLog.end();
        stderrLog.end();
      }
      resolve();
    };
    raw.on('end', done);
    raw.on('close', done);
    raw.on('error', done);
  });
  return {
    tail,
    drained: (timeoutMs) => Promise.race([ended, new Promise<void>((r) => setTimeout(r, timeoutMs).unref())]),
    complete: (logged) => {
      if (sealed) return;
      sealed = true;
      // The attached stream once delivered nothing at all under load in CI; the engine's log is whole.
      if (logged.stdout.length > delivered.stdout) stdoutLog.push(logged.stdout.subarray(delivered.stdout));
      if (logged.stderr.length > delivered.stderr) stderrLog.push(logged.stderr.subarray(delivered.stderr));
      stdoutLog.end();
      stderrLog.end();
    },
    close: () => (raw as unknown as { destroy?: () => void }).destroy?.(),
  };
}

/** Attaches to a created, not yet started container. */
export async function attachLogs(
  docker: Docker,
  container: Docker.Container,
  write: Write,
  options: { maxLogBytes: number; keepTail: boolean },
): Promise<LogPipe> {
  const raw = await container.attach({ stream: true, stdout: true, stderr: true, logs: true });
  return pipe(docker, raw, write, options.maxLogBytes, options.keepTail);
}

/** Follows a running container's logs from `sinceSeconds` (a restarted controller adopting it). */
export async function followLogs(
  docker: Docker,
  container: Docker.Container,
  write: Write,
  options: { maxLogBytes: number; sinceSeconds: number },
): Promise<LogPipe> {
  const raw = (await container.logs({
    follow: true,
    stdout: true,
    stderr: true,
    since: options.sinceSeconds,
  })) as unknown as NodeJS.ReadableStream;
  return pipe(docker, raw, write, options.maxLogBytes, false);
}

/** The whole output of a finished container, per stream; throws when the answer is not well-formed frames. */
export async function loggedStreams(container: Docker.Container): Promise<LoggedStreams> {
  const raw = (await container.logs({ follow: false, stdout: true, stderr: true })) as unknown as Buffer;
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  // A non-following logs answer is the multiplexed byte buffer: 8-byte frame headers, then payload.
  let at = 0;
  const buf = Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw));
  while (at + 8 <= buf.length) {
    const type = buf[at];
    const size = buf.readUInt32BE(at + 4);
    if ((type !== 0 && type !== 1 && type !== 2) || buf[at + 1] || buf[at + 2] || buf[at + 3]) {
      throw new Error(`container log: not a frame header at byte ${at}`);
    }
    if (at + 8 + size > buf.length) break;
    (type === 2 ? stderr : stdout).push(buf.subarray(at + 8, at + 8 + size));
    at += 8 + size;
  }
  if (at !== buf.length) throw new Error('container log: the last frame is cut short');
  return { stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr) };
}

/** The whole stdout of a finished container (for `outputs.result`). */
export async function stdoutOf(container: Docker.Container): Promise<Buffer> {
  return (await loggedStreams(container)).stdout;
}
