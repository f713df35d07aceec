/**
 * The controller's side of the artifact GC finalizer: every workflow it sees being deleted while held
 * by `workflows.argoproj.io/artifact-gc` gets an attempt (artifact-gc-finalizer.ts); a failed one is
 * attempted again after a backoff that doubles up to a ceiling, until it succeeds, the workflow goes
 * (its finalizer removed by hand) or forceFinalizerRemoval lets it go. A newer change of the workflow
 * by someone else (forceFinalizerRemoval set, say) is attempted at once.
 */
import type { Store } from '../store/index.js';
import { finalizeArtifactGc, type GcAttempt } from './artifact-gc-finalizer.js';
import type { ArtifactDeleter } from './artifact-gc-on-deletion.js';
import { parseWorkflowKey, workflowKey } from './workflow-key.js';

/** Runs `fn` after `ms`; returns what cancels it. Injected so tests fire retries by hand. */
export type Scheduler = (fn: () => void, ms: number) => () => void;

export interface DeletionGcOptions {
  store: Store;
  deleteArtifacts: ArtifactDeleter;
  now?: () => Date;
  log?: (message: string) => void;
  /** First retry delay (default 5 s); each failure doubles it. */
  initialBackoffMs?: number;
  /** Longest retry delay (default 5 min). */
  maxBackoffMs?: number;
  schedule?: Scheduler;
  /** Told of every attempt's outcome (tests, metrics). */
  onAttempt?: (key: string, attempt: GcAttempt) => void;
}

interface Retry {
  failures: number;
  /** The resourceVersion our ArtifactGCError write gave the workflow: its echo is not news. */
  resourceVersion: string;
  cancel?: () => void;
}

const defaultScheduler: Scheduler = (fn, ms) => {
  const t = setTimeout(fn, ms);
  t.unref();
  return () => clearTimeout(t);
};

export class DeletionGcQueue {
  private readonly inFlight = new Set<string>();
  private readonly retries = new Map<string, Retry>();
  private readonly schedule: Scheduler;
  private stopped = false;

  constructor(private readonly options: DeletionGcOptions) {
    this.schedule = options.schedule ?? defaultScheduler;
  }

  /**
   * A workflow being deleted (seen at `resourceVersion`): attempted now, unless an attempt is running,
   * or a retry is waiting and this is only the echo of our own condition write.
   */
  enqueue(namespace: string, name: string, resourceVersion?: string): void {
    const key = workflowKey(namespace, name);
    if (this.stopped || this.inFlight.has(key)) return;
    const retry = this.retries.get(key);
    if (retry && (resourceVersion === undefined || Number(resourceVersion) <= Number(retry.resourceVersion)))
      return;
    retry?.cancel?.();
    void this.attempt(key);
  }

  /** The workflow is gone: no more retries. */
  forget(namespace: string, name: string): void {
    const key = workflowKey(namespace, name);
    this.retries.get(key)?.cancel?.();
    this.retries.delete(key);
  }

  /**
   * True while an attempt runs: a controller about to exit waits for it. Waiting retries do not
   * count (the next controller to start picks those workflows up).
   */
  busy(): boolean {
    return this.inFlight.size > 0;
  }

  /** Workflows waiting for a retry, with their failure counts. */
  waiting(): Map<string, number> {
    return new Map([...this.retries].map(([k, r]) => [k, r.failures]));
  }

  stop(): void {
    this.stopped = true;
    for (const r of this.retries.values()) r.cancel?.();
    this.retries.clear();
  }

  private async attempt(key: string): Promise<void> {
    const { namespace, name } = parseWorkflowKey(key);
    this.inFlight.add(key);
    let result: GcAttempt;
    try {
      result = await finalizeArtifactGc(
        this.options.store,
        namespace,
        name,
        this.options.deleteArtifacts,
        this.options.now,
      );
    } catch (err) {
      // The store failed (or the workflow kept changing): retried like a failed GC.
      const message = err instanceof Error ? err.message : String(err);
      result = {
        outcome: 'failed',
        errors: [message],
        resourceVersion: this.retries.get(key)?.resourceVersion ?? '0',
      };
    } finally {
      this.inFlight.delete(key);
    }
    this.options.onAttempt?.(key, result);
    if (result.outcome !== 'failed') {
      if (result.outcome === 'forced') {
        this.log(
          `artifact GC of ${key} failed, forceFinalizerRemoval: deleted anyway: ${result.errors.join('; ')}`,
        );
      } else if (result.outcome === 'collected') this.log(`artifact GC of ${key}: done, workflow deleted`);
      return this.forget(namespace, name);
    }
    if (this.stopped) return;
    const failures = (this.retries.get(key)?.failures ?? 0) + 1;
    const delay = this.backoff(failures);
    this.log(
      `artifact GC of ${key} failed (attempt ${failures}), retrying in ${delay} ms: ${result.errors.join('; ')}`,
    );
    const retry: Retry = { failures, resourceVersion: result.resourceVersion };
    this.retries.set(key, retry);
    retry.cancel = this.schedule(() => {
      if (this.retries.get(key) !== retry || this.inFlight.has(key)) return;
      void this.attempt(key);
    }, delay);
  }

  private backoff(failures: number): number {
    const initial = this.options.initialBackoffMs ?? 5000;
    const max = this.options.maxBackoffMs ?? 300_000;
    return Math.min(max, initial * 2 ** Math.min(failures - 1, 30));
  }

  private log(message: string): void {
    this.options.log?.(message);
  }
}
