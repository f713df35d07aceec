/**
 * The cron reconciler: for each CronWorkflow this process holds the lease of, applies decideCron at
 * (and only at) the right times: create the scheduled Workflow, stop runs for Replace, delete runs
 * beyond the history limits, write the status. Several controller processes may run it over one
 * store; an expiring lease per CronWorkflow (`cronworkflow/<ns>/<name>`) makes exactly one of them
 * schedule it. The clock is injected: tests set it and call `reconcileAll()`, nothing sleeps.
 */
import { terminateWorkflow } from '../engine/cli/workflow-operations.js';
import { AlreadyExistsError, ConflictError, NotFoundError } from '../errors/index.js';
import type { CronWorkflow, Workflow } from '../spec/types.js';
import type { Store, Unsubscribe } from '../store/index.js';
import { LABEL_CRON_WORKFLOW } from '../templates/labels.js';
import { prepareWorkflow } from '../templates/prepare-workflow.js';
import type { WorkflowDefaults } from '../templates/workflow-defaults.js';
import {
  type ChildRun,
  type CronStatus,
  decideCron,
  recordRun,
  recordSubmissionError,
} from './cron-decide.js';
import { cronKey } from './cron-types.js';
import { workflowFromCron } from './workflow-from-cron.js';

export interface CronControllerOptions {
  store: Store;
  /** Unique id of this process, as for the workflow controller's leases. */
  holder: string;
  now?: () => Date;
  log?: (message: string) => void;
  leaseTtlMs?: number;
  /** How often the timer looks for due crons (real time). Default 1000 ms. */
  pollMs?: number;
  /** A lease held by a process that is gone may be taken at once (see lease-keeper's holderIsDeadLocalProcess). */
  holderIsDead?: (holder: string) => boolean;
  /** The controller configuration's workflowDefaults, merged under every Workflow created. */
  workflowDefaults?: WorkflowDefaults;
}

/** Every cron is looked at at least this often, which also renews its lease. */
const MAX_IDLE_MS = 10_000;

export class CronController {
  private readonly now: () => Date;
  /** Per cron this process serves: the time up to which schedule times were handled. */
  private readonly checkpoints = new Map<string, Date>();
  private readonly wakeAt = new Map<string, number>();
  private readonly lastLook = new Map<string, number>();
  private readonly dirty = new Set<string>();
  private readonly reported = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private unwatch: Unsubscribe[] = [];
  private passing: Promise<void> | undefined;

  constructor(private readonly options: CronControllerOptions) {
    this.now = options.now ?? (() => new Date());
  }

  async start(): Promise<void> {
    const { store } = this.options;
    this.unwatch.push(
      await store.watch<CronWorkflow>('CronWorkflow', {}, (e) => {
        this.markDirty(cronKey(e.object.metadata.namespace ?? '', e.object.metadata.name ?? ''));
      }),
      await store.watch<Workflow>(
        'Workflow',
        { labelSelector: LABEL_CRON_WORKFLOW, withNodes: false },
        (e) => {
          const cron = e.object.metadata.labels?.[LABEL_CRON_WORKFLOW];
          if (cron) this.markDirty(cronKey(e.object.metadata.namespace ?? '', cron));
        },
      ),
    );
    this.timer = setInterval(() => void this.pass(false), this.options.pollMs ?? 1000);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    for (const u of this.unwatch.splice(0)) u();
    await this.passing;
    for (const key of this.checkpoints.keys()) {
      await this.options.store.releaseLease(`cronworkflow/${key}`, this.options.holder);
    }
    this.checkpoints.clear();
  }

  /** Looks at every CronWorkflow now (tests call this after moving the clock). */
  reconcileAll(): Promise<void> {
    return this.pass(true);
  }

  private markDirty(key: string): void {
    this.dirty.add(key);
  }

  private pass(all: boolean): Promise<void> {
    if (this.passing) return all ? this.passing.then(() => this.pass(true)) : this.passing;
    this.passing = this.runPass(all).finally(() => {
      this.passing = undefined;
    });
    return this.passing;
  }

  private async runPass(all: boolean): Promise<void> {
    const { items } = await this.options.store.list<CronWorkflow>('CronWorkflow', {});
    const now = this.now().getTime();
    const present = new Set<string>();
    for (const cron of items) {
      const key = cronKey(cron.metadata.namespace ?? '', cron.metadata.name ?? '');
      present.add(key);
      const due =
        all ||
        this.dirty.has(key) ||
        (this.wakeAt.get(key) ?? 0) <= now ||
        now - (this.lastLook.get(key) ?? 0) >= MAX_IDLE_MS;
      if (!due) continue;
      this.dirty.delete(key);
      try {
        await this.reconcile(cron, key);
      } catch (err) {
        this.dirty.add(key);
        this.log(`cron ${key}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    for (const key of [...this.checkpoints.keys()]) {
      if (!present.has(key)) await this.forget(key);
    }
  }

  private async forget(key: string): Promise<void> {
    this.checkpoints.delete(key);
    this.wakeAt.delete(key);
    this.lastLook.delete(key);
    await this.options.store.releaseLease(`cronworkflow/${key}`, this.options.holder);
  }

  private async acquire(key: string): Promise<boolean> {
    const { store, holder } = this.options;
    const name = `cronworkflow/${key}`;
    const ttl = this.options.leaseTtlMs ?? 30_000;
    if (await store.tryAcquireLease(name, holder, ttl)) return true;
    const current = await store.getLease(name);
    if (current && this.options.holderIsDead?.(current.holder)) {
      await store.releaseLease(name, current.holder);
      return store.tryAcquireLease(name, holder, ttl);
    }
    return false;
  }

  private async reconcile(cron: CronWorkflow, key: string): Promise<void> {
    const { store } = this.options;
    const now = this.now();
    this.lastLook.set(key, now.getTime());
    if (!(await this.acquire(key))) {
      // Another process schedules it; if it dies we take over, treating its times as missed.
      this.checkpoints.delete(key);
      return;
    }
    const namespace = cron.metadata.namespace ?? '';
    const name = cron.metadata.name ?? '';
    const { items } = await store.list<Workflow>('Workflow', {
      namespace,
      labelSelector: `${LABEL_CRON_WORKFLOW}=${name}`,
      withNodes: false,
    });
    const children: ChildRun[] = items.map((w) => ({
      name: w.metadata.name ?? '',
      uid: w.metadata.uid,
      phase: w.status?.phase,
      finishedAt: w.status?.finishedAt ? String(w.status.finishedAt) : undefined,
      creationTimestamp: w.metadata.creationTimestamp ? String(w.metadata.creationTimestamp) : undefined,
    }));
    const decision = decideCron(cron, children, now, this.checkpoints.get(key));
    if (decision.skipped && !this.reported.has(`${key} ${decision.skipped}`)) {
      this.reported.add(`${key} ${decision.skipped}`);
      this.log(`cron ${key}: ${decision.skipped}`);
    }
    for (const victim of decision.stop) await this.terminate(namespace, victim);
    for (const old of decision.delete) {
      await store.delete('Workflow', namespace, old).catch((err) => {
        if (!(err instanceof NotFoundError)) throw err;
      });
    }
    let status = decision.status;
    if (decision.run) status = await this.submit(cron, status, decision.run);
    if (JSON.stringify(status) !== JSON.stringify(cron.status ?? {})) {
      try {
        await store.update<CronWorkflow>({ ...cron, status });
      } catch (err) {
        // Changed meanwhile (suspend, an edit): look again with the new version; the checkpoint
        // stays, so a due time is retried (its Workflow name makes the retry create nothing twice).
        if (err instanceof ConflictError || err instanceof NotFoundError) return void this.dirty.add(key);
        throw err;
      }
    }
    this.checkpoints.set(key, decision.checkpoint);
    if (decision.wakeAt) this.wakeAt.set(key, decision.wakeAt.getTime());
    else this.wakeAt.delete(key);
  }

  private async submit(cron: CronWorkflow, status: CronStatus, scheduled: Date): Promise<CronStatus> {
    const { store } = this.options;
    const wf = workflowFromCron(cron, scheduled);
    try {
      const prepared = await prepareWorkflow(store, wf, { workflowDefaults: this.options.workflowDefaults });
      const created = await store.create(prepared);
      this.log(`cron ${cron.metadata.namespace}/${cron.metadata.name}: created ${created.metadata.name}`);
      return recordRun(
        status,
        cron,
        { name: created.metadata.name ?? '', uid: created.metadata.uid },
        scheduled,
      );
    } catch (err) {
      if (err instanceof AlreadyExistsError) {
        const existing = await store.get<Workflow>(
          'Workflow',
          wf.metadata.namespace ?? '',
          wf.metadata.name ?? '',
          {
            withNodes: false,
          },
        );
        return recordRun(
          status,
          cron,
          { name: existing.metadata.name ?? '', uid: existing.metadata.uid },
          scheduled,
        );
      }
      const message = err instanceof Error ? err.message : String(err);
      this.log(`cron ${cron.metadata.namespace}/${cron.metadata.name}: cannot submit: ${message}`);
      return recordSubmissionError(status, message);
    }
  }

  private async terminate(namespace: string, name: string): Promise<void> {
    const { store } = this.options;
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        const wf = await store.get<Workflow>('Workflow', namespace, name);
        await store.update(terminateWorkflow(wf));
        return;
      } catch (err) {
        if (err instanceof NotFoundError) return;
        if (!(err instanceof ConflictError)) throw err;
      }
    }
  }

  private log(message: string): void {
    this.options.log?.(message);
  }
}
