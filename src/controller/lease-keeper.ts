/**
 * Holds this controller's per-workflow leases and renews them while held, so a workflow whose
 * pods run for a long time without events is not taken over by another controller.
 * A lease left by a dead process on this machine (holder `host:pid:...` with no such pid) is
 * taken over at once instead of waiting for it to expire.
 */
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Store } from '../store/index.js';

export function newHolderId(): string {
  return `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Is the process gone? A zombie is: a killed background controller is re-parented to init, which may be
 * slow to reap it (or never, in a container whose PID 1 reaps nothing), yet `kill(pid, 0)` still succeeds.
 */
export function processIsGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch (err) {
    // With /proc, it exited between the two looks; without (not Linux), trust kill().
    return (err as NodeJS.ErrnoException).code === 'ENOENT' && existsSync('/proc/self');
  }
}

export function holderIsDeadLocalProcess(holder: string): boolean {
  const [host, pid] = holder.split(':');
  if (host !== hostname() || !pid || !/^\d+$/.test(pid) || Number(pid) === process.pid) return false;
  return processIsGone(Number(pid));
}

export class LeaseKeeper {
  /** Leases held, with when each was last written; a recent one is not written again per reconcile. */
  private readonly held = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: Store,
    private readonly holder: string,
    private readonly ttlMs: number,
  ) {}

  retryAfterMs(): number {
    return Math.max(100, Math.floor(this.ttlMs / 2));
  }

  async acquire(key: string): Promise<boolean> {
    const renewedAt = this.held.get(key);
    if (renewedAt !== undefined && Date.now() - renewedAt < this.ttlMs / 3) return true;
    const name = `workflow/${key}`;
    let ok = await this.store.tryAcquireLease(name, this.holder, this.ttlMs);
    if (!ok) {
      const current = await this.store.getLease(name);
      if (current && holderIsDeadLocalProcess(current.holder)) {
        await this.store.releaseLease(name, current.holder);
        ok = await this.store.tryAcquireLease(name, this.holder, this.ttlMs);
      }
    }
    if (ok) {
      this.held.set(key, Date.now());
      this.ensureRenewal();
    } else {
      this.held.delete(key);
    }
    return ok;
  }

  async release(key: string): Promise<void> {
    if (!this.held.delete(key)) return;
    await this.store.releaseLease(`workflow/${key}`, this.holder);
  }

  async releaseAll(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    for (const key of [...this.held.keys()]) await this.release(key);
  }

  private ensureRenewal(): void {
    if (this.timer) return;
    this.timer = setInterval(
      () => {
        for (const key of this.held.keys()) {
          void this.store.tryAcquireLease(`workflow/${key}`, this.holder, this.ttlMs).then((ok) => {
            if (ok) this.held.set(key, Date.now());
            else this.held.delete(key);
          });
        }
      },
      Math.max(50, Math.floor(this.ttlMs / 3)),
    );
    this.timer.unref?.();
  }
}
