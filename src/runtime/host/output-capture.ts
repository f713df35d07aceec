/**
 * Bounded capture of a container's output streams: logs go to the sink as they arrive (up to a cap,
 * then one truncation notice), and the tail of stdout is kept for `outputs.result`. Nothing here
 * grows without bound, whatever the process prints.
 */
import { StringDecoder } from 'node:string_decoder';

/** Argo keeps the last 256 kB of stdout as `outputs.result` (executor.go, CaptureScriptResult). */
export const MAX_RESULT_BYTES = 256 * 1024;

/** Keeps only the last `capacity` bytes written to it. */
export class TailBuffer {
  private chunks: Buffer[] = [];
  private size = 0;
  private total = 0;

  constructor(private readonly capacity: number) {}

  write(chunk: Buffer): void {
    this.total += chunk.length;
    if (chunk.length >= this.capacity) {
      this.chunks = [chunk.subarray(chunk.length - this.capacity)];
      this.size = this.capacity;
      return;
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > this.capacity) {
      const first = this.chunks[0]!;
      const excess = this.size - this.capacity;
      if (first.length <= excess) {
        this.chunks.shift();
        this.size -= first.length;
      } else {
        this.chunks[0] = first.subarray(excess);
        this.size -= excess;
      }
    }
  }

  /** Bytes ever written, including those dropped. */
  get totalBytes(): number {
    return this.total;
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks, this.size);
  }
}

/**
 * Argo's result rule: trim one trailing newline, then keep the last 256 kB.
 * The buffer must hold at least MAX_RESULT_BYTES + 1 bytes for the trim to be exact.
 */
export function resultFromTail(tail: Buffer, maxBytes = MAX_RESULT_BYTES): string {
  let end = tail.length;
  if (end > 0 && tail[end - 1] === 0x0a) end -= 1;
  let start = Math.max(0, end - maxBytes);
  // Do not start in the middle of a UTF-8 sequence (continuation bytes are 10xxxxxx).
  while (start < end && start > 0 && ((tail[start] ?? 0) & 0xc0) === 0x80) start += 1;
  return tail.subarray(start, end).toString('utf8');
}

export type LogWriter = (chunk: string) => void;

/** Forwards a byte stream to a log writer as UTF-8 text, stopping after `maxBytes` with one notice. */
export class CappedLog {
  /** Made on the first output: most steps print nothing, and a decoder costs microseconds to make. */
  private decoderOrUndefined: StringDecoder | undefined;
  private forwarded = 0;
  private truncated = false;

  constructor(
    private readonly write: LogWriter,
    private readonly maxBytes: number,
  ) {}

  push(chunk: Buffer): void {
    if (this.truncated) return;
    const room = this.maxBytes - this.forwarded;
    if (chunk.length <= room) {
      this.forwarded += chunk.length;
      const text = this.decoder.write(chunk);
      if (text) this.write(text);
      return;
    }
    const head = this.decoder.write(chunk.subarray(0, Math.max(0, room))) + this.decoder.end();
    this.forwarded = this.maxBytes;
    this.truncated = true;
    this.write(`${head}\n[argosy: log truncated after ${this.maxBytes} bytes; further output discarded]\n`);
  }

  end(): void {
    if (this.truncated || !this.decoderOrUndefined) return;
    const rest = this.decoderOrUndefined.end();
    if (rest) this.write(rest);
  }

  private get decoder(): StringDecoder {
    this.decoderOrUndefined ??= new StringDecoder('utf8');
    return this.decoderOrUndefined;
  }

  get wasTruncated(): boolean {
    return this.truncated;
  }
}
