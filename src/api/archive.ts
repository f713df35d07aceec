/**
 * The workflow archive: every completed Workflow is copied (with its nodes) into the store as an
 * ArchivedWorkflow named by the workflow's uid, so it outlives the live object (deleted by hand or
 * by TTL). Archived records older than the archive TTL are deleted. Several servers may archive at
 * once: the copy is created once, the others see AlreadyExists.
 */
import { AlreadyExistsError, NotFoundError } from '../errors/index.js';
import type { Workflow } from '../spec/types.js';
import type { ListOptions, Store, Unsubscribe } from '../store/index.js';
import { ARCHIVED_WORKFLOW_KIND, COMPLETED_PHASES } from './api-kinds.js';

export interface ArchiverOptions {
  /** Archived workflows finished longer ago than this are deleted; 0 or absent keeps them forever. */
  ttlMs?: number;
  /** How often the TTL sweep runs (default one minute). */
  sweepEveryMs?: number;
  now?: () => Date;
  onError?: (err: unknown) => void;
}

export class Archiver {
  private unwatch: Unsubscribe | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly pending = new Set<Promise<void>>();
  private readonly now: () => Date;

  constructor(
    private readonly store: Store,
    private readonly options: ArchiverOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
  }

  async start(): Promise<void> {
    // Without a resourceVersion the watch first replays every stored workflow: those completed while
    // no server ran are archived too.
    this.unwatch = await this.store.watch<Workflow>('Workflow', { withNodes: false }, (event) => {
      if (event.type === 'DELETED') return;
      if (!COMPLETED_PHASES.has(event.object.status?.phase ?? '')) return;
      const { namespace = '', name = '' } = event.object.metadata;
      this.track(this.archive(namespace, name));
    });
    if (this.options.ttlMs) {
      this.timer = setInterval(() => this.track(this.sweep()), this.options.sweepEveryMs ?? 60_000);
      this.timer.unref?.();
    }
  }

  async stop(): Promise<void> {
    this.unwatch?.();
    if (this.timer) clearInterval(this.timer);
    await Promise.allSettled([...this.pending]);
  }

  /** Copies one completed workflow into the archive (once). */
  async archive(namespace: string, name: string): Promise<void> {
    let wf: Workflow;
    try {
      wf = await this.store.get<Workflow>('Workflow', namespace, name);
    } catch (err) {
      if (err instanceof NotFoundError) return;
      throw err;
    }
    const uid = wf.metadata.uid;
    if (!uid || !COMPLETED_PHASES.has(wf.status?.phase ?? '')) return;
    const record = {
      ...wf,
      kind: ARCHIVED_WORKFLOW_KIND,
      metadata: {
        name: uid,
        namespace,
        labels: wf.metadata.labels,
        annotations: { 'workflows.argoproj.io/archived-name': name },
      },
      // The workflow's own metadata, as it was: the archive gives it back under kind Workflow.
      original: { metadata: wf.metadata },
    };
    try {
      await this.store.create(record);
    } catch (err) {
      if (!(err instanceof AlreadyExistsError)) throw err;
    }
  }

  /** Deletes archived workflows finished before now - ttl. Returns how many went. */
  async sweep(): Promise<number> {
    const ttl = this.options.ttlMs;
    if (!ttl) return 0;
    const cutoff = this.now().getTime() - ttl;
    let removed = 0;
    let page: ListOptions = { limit: 500 };
    for (;;) {
      const { items, continue: next } = await this.store.list<Workflow>(ARCHIVED_WORKFLOW_KIND, page);
      for (const item of items) {
        const finished = Date.parse(String(item.status?.finishedAt ?? item.metadata.creationTimestamp ?? ''));
        if (Number.isFinite(finished) && finished < cutoff) {
          await this.store
            .delete(ARCHIVED_WORKFLOW_KIND, item.metadata.namespace ?? '', item.metadata.name ?? '')
            .catch(() => undefined);
          removed++;
        }
      }
      if (!next) return removed;
      page = { limit: 500, continue: next };
    }
  }

  private track(work: Promise<unknown>): void {
    const p = work.then(
      () => undefined,
      (err) => this.options.onError?.(err),
    );
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }
}
