/** The CronWorkflow fields the scheduler reads, with Argo's defaults. */
import type { CronWorkflow, Workflow } from '../spec/types.js';

export type ConcurrencyPolicy = 'Allow' | 'Forbid' | 'Replace';

/** Argo's defaults: successfulJobsHistoryLimit 3, failedJobsHistoryLimit 1, concurrencyPolicy Allow. */
export const DEFAULT_SUCCESSFUL_HISTORY = 3;
export const DEFAULT_FAILED_HISTORY = 1;

export type { CronWorkflow, Workflow };

export function schedulesOf(cron: CronWorkflow): string[] {
  const spec = cron.spec as { schedule?: string; schedules?: string[] };
  const list = [...(spec.schedules ?? [])];
  if (spec.schedule) list.unshift(spec.schedule);
  return list.filter((s) => s.trim() !== '');
}

export function policyOf(cron: CronWorkflow): ConcurrencyPolicy {
  const p = cron.spec.concurrencyPolicy;
  return p === 'Forbid' || p === 'Replace' ? p : 'Allow';
}

export function cronKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}
