/**
 * Buffers pod log chunks and appends them to the store in batches (one write per flush, not per
 * chunk), capping each container's stored log so a step printing 100 MB cannot fill the disk: at most
 * `limitBytes` bytes and `limitLines` lines (every line is a row, so 100 MB of one-character lines would
 * otherwise be fifty million rows). What comes after a cap is dropped, with one marker line.
 */

export interface LogKey {
  namespace: string;
  workflow: string;
  podName: string;
  container: string;
}

export type AppendLog = (key: LogKey, stream: 'stdout' | 'stderr', chunk: string) => Promise<void>;

interface Pending {
  key: LogKey;
  stream: 'stdout' | 'stderr';
  chunks: string[];
}

interface Usage {
  bytes: number;
  lines: number;
  full: boolean;
  /** Per stream: whether what was kept so far ends a line (a marker then needs no newline first). */
  endsLine: { stdout: boolean; stderr: boolean };
}

export const DEFAULT_LOG_LIMIT_BYTES = 16 * 1024 * 1024;
export const DEFAULT_LOG_LIMIT_LINES = 200_000;

export interface LogWriterOptions {
  flushMs?: number;
  limitBytes?: number;
  limitLines?: number;
  onError?: (err: unknown) => void;
}

/** The index just after the `n`th newline of `text`, or -1 when it has fewer. */
function afterNthNewline(text: string, n: number): number {
  let at = -1;
  for (let i = 0; i < n; i++) {
    at = text.indexOf('\n', at + 1);
    if (at < 0) return -1;
  }
  return at + 1;
}

function countNewlines(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

export class LogWriter {
  private pending = new Map<string, Pending>();
  private readonly usage = new Map<string, Usage>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly append: AppendLog,
    private readonly options: LogWriterOptions = {},
  ) {}

  write(key: LogKey, stream: 'stdout' | 'stderr', chunk: string): void {
    const containerId = `${key.namespace}/${key.workflow}/${key.podName}/${key.container}`;
    const usage = this.usage.get(containerId) ?? {
      bytes: 0,
      lines: 0,
      full: false,
      endsLine: { stdout: true, stderr: true },
    };
    this.usage.set(containerId, usage);
    if (usage.full || chunk === '') return;
    const text = this.admit(usage, stream, chunk);
    const id = `${containerId}/${stream}`;
    const p = this.pending.get(id);
    if (p) p.chunks.push(text);
    else this.pending.set(id, { key, stream, chunks: [text] });
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.options.flushMs ?? 50);
      this.timer.unref?.();
    }
  }

  /** The part of `chunk` within the container's limits (with a marker once cut), counted in `usage`. */
  private admit(usage: Usage, stream: 'stdout' | 'stderr', chunk: string): string {
    const limitBytes = this.options.limitBytes ?? DEFAULT_LOG_LIMIT_BYTES;
    const limitLines = this.options.limitLines ?? DEFAULT_LOG_LIMIT_LINES;
    let text = chunk;
    let marker = '';
    const lineCut = afterNthNewline(text, limitLines - usage.lines);
    if (lineCut >= 0 && lineCut < text.length) {
      text = text.slice(0, lineCut);
      marker = `[argosy: log truncated after ${limitLines} lines]\n`;
    }
    let size = Buffer.byteLength(text);
    if (usage.bytes + size > limitBytes) {
      text = Buffer.from(text)
        .subarray(0, limitBytes - usage.bytes)
        .toString();
      size = limitBytes - usage.bytes;
      // The cut can fall at a chunk's start (the last one filled the limit exactly): the stream's
      // kept text then decides whether the marker starts a line of its own.
      const endsLine = text === '' ? usage.endsLine[stream] : text.endsWith('\n');
      marker = `${endsLine ? '' : '\n'}[argosy: log truncated at ${limitBytes} bytes]\n`;
    }
    if (text !== '') usage.endsLine[stream] = text.endsWith('\n');
    usage.bytes += size;
    usage.lines += countNewlines(text);
    if (marker) usage.full = true;
    return text + marker;
  }

  /** Writes everything buffered so far; resolves when it is stored. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const batch = [...this.pending.values()];
    this.pending = new Map();
    this.flushing = this.flushing.then(async () => {
      for (const p of batch) {
        try {
          await this.append(p.key, p.stream, p.chunks.join(''));
        } catch (err) {
          this.options.onError?.(err);
        }
      }
    });
    return this.flushing;
  }

  /** Forgets a pod's counters (its log is complete). */
  forgetPod(namespace: string, workflow: string, podName: string): void {
    const prefix = `${namespace}/${workflow}/${podName}/`;
    for (const id of this.usage.keys()) if (id.startsWith(prefix)) this.usage.delete(id);
  }
}
