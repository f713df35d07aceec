/**
 * What a CronWorkflow should do now, decided purely from (cron, its child workflows, now, the
 * time this controller last looked): which run to create, which active runs to stop (Replace),
 * which finished runs to delete (history limits), its new status, and when to look again.
 * The controller (cron-controller.ts) does the I/O.
 *
 * Argo's rules, as built here:
 * - Runs fire at each schedule time while a controller serves the cron ("checkpoint" → now).
 * - When a controller takes a cron over (start, crash of the previous one), the times missed since
 *   status.lastScheduledTime (or creation) are not run, except the latest one if
 *   startingDeadlineSeconds > 0 and it is at most that many seconds ago: a single run.
 * - `suspend`, a Stopped phase, a false `when` and concurrencyPolicy Forbid with an active run skip
 *   the time (lastScheduledTime is not moved); Replace stops the active runs first.
 * - A child that finishes leaves status.active and counts in status.succeeded or status.failed
 *   (Failed and Error); stopStrategy.expression is then evaluated and, when true, the phase is Stopped.
 */
import type { CronWorkflow } from '../spec/types.js';
import { evaluateCronCondition } from './cron-expressions.js';
import { DEFAULT_FAILED_HISTORY, DEFAULT_SUCCESSFUL_HISTORY, policyOf, schedulesOf } from './cron-types.js';
import { compileSchedules, lastRunBetween, nextRunOf, type Schedule } from './next-run.js';
import { cronWorkflowRunName } from './workflow-from-cron.js';

export interface ChildRun {
  name: string;
  uid?: string;
  phase?: string;
  finishedAt?: string;
  creationTimestamp?: string;
}

export interface CronCondition {
  type: string;
  status: string;
  message?: string;
}

export type CronStatus = NonNullable<CronWorkflow['status']>;

export interface CronDecision {
  status: CronStatus;
  /** Create the run for this scheduled time. */
  run?: Date;
  /** Active runs to stop (concurrencyPolicy Replace), before creating the new one. */
  stop: string[];
  /** Finished runs beyond the history limits. */
  delete: string[];
  /** Where this controller's view now stands: times up to here were handled. */
  checkpoint: Date;
  /** The next schedule time, to look again then. */
  wakeAt?: Date;
  /** Why a due time was not run, for the log. */
  skipped?: string;
}

const DONE = new Set(['Succeeded', 'Failed', 'Error']);
const CONDITION_SPEC_ERROR = 'SpecError';
export const CONDITION_SUBMISSION_ERROR = 'SubmissionError';

export function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function withCondition(status: CronStatus, condition: CronCondition | undefined, type: string): void {
  const rest = (status.conditions ?? []).filter((c) => c.type !== type);
  status.conditions = condition ? [...rest, condition] : rest;
  if (status.conditions.length === 0) delete status.conditions;
}

/** Updates active/succeeded/failed from the children; returns the names still active. */
function countChildren(status: CronStatus, children: readonly ChildRun[]): ChildRun[] {
  const byName = new Map(children.map((c) => [c.name, c]));
  const active: ChildRun[] = [];
  for (const ref of status.active ?? []) {
    const child = byName.get(ref.name ?? '');
    if (!child) continue; // deleted while active: neither succeeded nor failed
    if (!DONE.has(child.phase ?? '')) active.push(child);
    else if (child.phase === 'Succeeded') status.succeeded = (status.succeeded ?? 0) + 1;
    else status.failed = (status.failed ?? 0) + 1;
  }
  // Runs created but not yet in status.active (a write lost to a conflict) are active too.
  const listed = new Set(active.map((c) => c.name));
  for (const c of children) {
    if (
      !DONE.has(c.phase ?? '') &&
      !listed.has(c.name) &&
      !(status.active ?? []).some((r) => r.name === c.name)
    ) {
      active.push(c);
    }
  }
  return active;
}

function historyToDelete(cron: CronWorkflow, children: readonly ChildRun[]): string[] {
  const keep = (phases: string[], limit: number) =>
    children
      .filter((c) => phases.includes(c.phase ?? ''))
      .sort((a, b) =>
        String(b.finishedAt ?? b.creationTimestamp ?? '').localeCompare(
          String(a.finishedAt ?? a.creationTimestamp ?? ''),
        ),
      )
      .slice(Math.max(0, limit))
      .map((c) => c.name);
  return [
    ...keep(['Succeeded'], cron.spec.successfulJobsHistoryLimit ?? DEFAULT_SUCCESSFUL_HISTORY),
    ...keep(['Failed', 'Error'], cron.spec.failedJobsHistoryLimit ?? DEFAULT_FAILED_HISTORY),
  ];
}

/** Where `@every` intervals count from: the last run, else the creation. */
function anchorOf(cron: CronWorkflow): Date | undefined {
  const since = cron.status?.lastScheduledTime ?? cron.metadata.creationTimestamp;
  return since ? new Date(String(since)) : undefined;
}

/** The scheduled time to run now, if any, and the reason a due time is skipped. */
function dueTime(
  cron: CronWorkflow,
  schedules: Schedule[],
  now: Date,
  checkpoint: Date | undefined,
): { due?: Date; missed?: string } {
  const anchor = anchorOf(cron);
  if (checkpoint) {
    const due = lastRunBetween(schedules, checkpoint, now, anchor);
    return due ? { due } : {};
  }
  // Taking over: only a missed time within startingDeadlineSeconds runs, once.
  if (!anchor) return {};
  const missed = lastRunBetween(schedules, anchor, now, anchor);
  if (!missed) return {};
  const deadline = cron.spec.startingDeadlineSeconds ?? 0;
  if (deadline > 0 && now.getTime() - missed.getTime() <= deadline * 1000) return { due: missed };
  return { missed: `missed ${rfc3339(missed)}: past startingDeadlineSeconds (${deadline})` };
}

export function decideCron(
  cron: CronWorkflow,
  children: readonly ChildRun[],
  now: Date,
  checkpoint: Date | undefined,
): CronDecision {
  const status: CronStatus = structuredClone(cron.status ?? {});
  const active = countChildren(status, children);
  status.active = active.map((c) => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    name: c.name,
    namespace: cron.metadata.namespace,
    uid: c.uid,
  }));
  const decision: CronDecision = {
    status,
    stop: [],
    delete: historyToDelete(cron, children),
    checkpoint: now,
  };
  let schedules: Schedule[];
  try {
    schedules = compileSchedules(schedulesOf(cron), cron.spec.timezone);
    withCondition(status, undefined, CONDITION_SPEC_ERROR);
  } catch (err) {
    withCondition(
      status,
      { type: CONDITION_SPEC_ERROR, status: 'True', message: (err as Error).message },
      CONDITION_SPEC_ERROR,
    );
    return decision;
  }
  status.phase = status.phase === 'Stopped' ? 'Stopped' : 'Active';
  const stop = cron.spec.stopStrategy?.expression;
  if (stop && status.phase !== 'Stopped') {
    try {
      if (evaluateCronCondition(stop, { ...cron, status }, now)) status.phase = 'Stopped';
    } catch (err) {
      withCondition(
        status,
        {
          type: CONDITION_SPEC_ERROR,
          status: 'True',
          message: `stopStrategy.expression: ${(err as Error).message}`,
        },
        CONDITION_SPEC_ERROR,
      );
      return decision;
    }
  }
  decision.wakeAt = nextRunOf(schedules, now, anchorOf({ ...cron, status }));
  const { due, missed } = dueTime(cron, schedules, now, checkpoint);
  if (!due) {
    if (missed) decision.skipped = missed;
    return decision;
  }
  const skip = (why: string) => {
    decision.skipped = `${rfc3339(due)} not run: ${why}`;
    return decision;
  };
  // Created by an earlier look whose status write was lost: record it, whatever the policies say now.
  const runName = cronWorkflowRunName(cron.metadata.name ?? '', due);
  if (children.some((c) => c.name === runName)) {
    decision.run = due;
    return decision;
  }
  if (status.phase === 'Stopped') return skip('stopped by stopStrategy');
  if (cron.spec.suspend) return skip('suspended');
  if (cron.spec.when) {
    try {
      if (!evaluateCronCondition(cron.spec.when, { ...cron, status }, now))
        return skip('`when` evaluated to false');
    } catch (err) {
      withCondition(
        status,
        { type: CONDITION_SPEC_ERROR, status: 'True', message: `when: ${(err as Error).message}` },
        CONDITION_SPEC_ERROR,
      );
      return skip(`when: ${(err as Error).message}`);
    }
  }
  const policy = policyOf(cron);
  if (active.length > 0 && policy === 'Forbid') return skip('concurrencyPolicy Forbid and a run is active');
  if (active.length > 0 && policy === 'Replace') decision.stop = active.map((c) => c.name);
  decision.run = due;
  return decision;
}

/** After the run was created (or found already created): it is active and the last scheduled. */
export function recordRun(
  status: CronStatus,
  cron: CronWorkflow,
  run: { name: string; uid?: string },
  scheduled: Date,
): CronStatus {
  const out = structuredClone(status);
  out.active = [
    ...(out.active ?? []).filter((r) => r.name !== run.name),
    {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      name: run.name,
      namespace: cron.metadata.namespace,
      uid: run.uid,
    },
  ];
  out.lastScheduledTime = rfc3339(scheduled);
  withCondition(out, undefined, CONDITION_SUBMISSION_ERROR);
  return out;
}

export function recordSubmissionError(status: CronStatus, message: string): CronStatus {
  const out = structuredClone(status);
  withCondition(
    out,
    { type: CONDITION_SUBMISSION_ERROR, status: 'True', message },
    CONDITION_SUBMISSION_ERROR,
  );
  return out;
}
