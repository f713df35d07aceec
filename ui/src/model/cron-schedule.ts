/** Next run times of a CronWorkflow, computed in the browser with croner (Argo's 5-field cron + @macros). */

import { Cron } from 'croner';
import type { CronWorkflow } from '../api/types.ts';

export function schedulesOf(cron: CronWorkflow): string[] {
  const list = cron.spec.schedules && cron.spec.schedules.length > 0 ? cron.spec.schedules : [];
  return list.length > 0 ? list : cron.spec.schedule ? [cron.spec.schedule] : [];
}

/**
 * The next `count` run times after `from` over all of the cron's schedules, in its timezone, merged
 * and de-duplicated. A suspended cron has none. An invalid schedule throws with its text.
 */
export function nextRuns(cron: CronWorkflow, from: Date, count: number): Date[] {
  if (cron.spec.suspend) return [];
  const times = new Map<number, Date>();
  for (const schedule of schedulesOf(cron)) {
    let job: Cron;
    try {
      job = new Cron(schedule, { timezone: cron.spec.timezone || undefined, paused: true });
    } catch (error) {
      throw new Error(`schedule "${schedule}": ${(error as Error).message}`);
    }
    for (const d of job.nextRuns(count, from)) times.set(d.getTime(), d);
  }
  return [...times.values()].sort((a, b) => a.getTime() - b.getTime()).slice(0, count);
}
