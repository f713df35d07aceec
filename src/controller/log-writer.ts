/**
 * Buffers pod log chunks and appends them to the store in batches (one write per flush, not per
 * chunk), capping each container's stored log so a step printing 100 MB cannot fill the disk.
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
  bytes: number;
}

export const DEFAULT_LOG_LIMIT_BYTES = 16 * 1024 * 1024;

export class LogWriter {
  private pending = new Map<string, Pending>();
  private stored = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly append: AppendLog,
    private readonly options: {
      flushMs?: number;
      limitBytes?: number;
      onError?: (err: unknown) => void;
    } = {},
  ) {}

  write(key: LogKey, stream: 'stdout' | 'stderr', chunk: string): void {
    const containerId = `${key.namespace}/${key.podName}/${key.container}`;
    const limit = this.options.limitBytes ?? DEFAULT_LOG_LIMIT_BYTES;
    const used = this.stored.get(containerId) ?? 0;
    if (used >= limit) return;
    let text = chunk;
    const size = Buffer.byteLength(text);
    if (used + size > limit) {
      text = `${Buffer.from(text)
        .subarray(0, limit - used)
        .toString()}\n[argosy: log truncated at ${limit} bytes]\n`;
      this.stored.set(containerId, limit);
    } else {
      this.stored.set(containerId, used + size);
    }
    const id = `${containerId}/${stream}`;
    const p = this.pending.get(id);
    if (p) {
      p.chunks.push(text);
      p.bytes += size;
    } else {
      this.pending.set(id, { key, stream, chunks: [text], bytes: size });
    }
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.options.flushMs ?? 50);
      this.timer.unref?.();
    }
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
}
