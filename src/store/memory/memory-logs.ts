/** The MemoryStore's log lines and leases: plain arrays and maps with the shared rules. */

import { acquireLease, validateLease } from '../leases.js';
import { matchesLogFilter, splitLogChunk, validateLogRef } from '../logs.js';
import type { Lease, LogFilter, LogLine, LogRef, LogStream } from '../store.js';

export class MemoryLogs {
  private lines: LogLine[] = [];
  private seq = 0;

  append(ref: LogRef, stream: LogStream, chunk: string, time: Date): number {
    validateLogRef(ref, stream);
    const { namespace, workflow, podName, container } = ref;
    for (const piece of splitLogChunk(chunk)) {
      this.lines.push({
        seq: ++this.seq,
        namespace,
        workflow,
        podName,
        container,
        stream,
        time: time.toISOString(),
        ...piece,
      });
    }
    return this.seq;
  }

  latestSeq(): number {
    return this.seq;
  }

  after(seq: number, limit: number, filter?: LogFilter): LogLine[] {
    const out: LogLine[] = [];
    for (const line of this.lines) {
      if (line.seq <= seq || (filter && !matchesLogFilter(filter, line))) continue;
      out.push({ ...line });
      if (limit > 0 && out.length >= limit) break;
    }
    return out;
  }

  deleteWorkflow(namespace: string, workflow: string): void {
    this.lines = this.lines.filter((l) => l.namespace !== namespace || l.workflow !== workflow);
  }
}

export class MemoryLeases {
  private readonly leases = new Map<string, Lease>();

  tryAcquire(name: string, holder: string, ttlMs: number, now: Date): boolean {
    validateLease(name, holder, ttlMs);
    const next = acquireLease(this.leases.get(name), name, holder, ttlMs, now);
    if (next) this.leases.set(name, next);
    return next !== undefined;
  }

  release(name: string, holder: string): void {
    if (this.leases.get(name)?.holder === holder) this.leases.delete(name);
  }

  get(name: string): Lease | undefined {
    const lease = this.leases.get(name);
    return lease && { ...lease, expiresAt: new Date(lease.expiresAt) };
  }
}
