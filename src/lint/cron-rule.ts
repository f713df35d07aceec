/**
 * CronWorkflow: each schedule parses as cron, timezone is a known IANA zone,
 * concurrencyPolicy is Allow/Forbid/Replace, startingDeadlineSeconds is not negative.
 */

import { cronScheduleError, isTimeZone } from './cron-syntax.js';
import { isNonNegativeInt } from './duration-syntax.js';
import { asArray, asRecord, hasTag, show } from './problem.js';
import type { Rule } from './rule.js';

const POLICIES = ['Allow', 'Forbid', 'Replace'];

export const cronRule: Rule = {
  id: 'cron',
  check(ctx, report) {
    if (ctx.doc.kind !== 'CronWorkflow') return;
    const spec = asRecord(ctx.doc.value.spec);
    if (!spec) return;
    // Which of schedule/schedules is allowed and required is the schema's to say (Argo v4: schedules).
    const schedule = spec.schedule;
    const schedules = asArray(spec.schedules);
    const check = (value: unknown, path: Array<string | number>) => {
      if (typeof value !== 'string' || value === '' || hasTag(value)) return;
      const error = cronScheduleError(value);
      if (error) report(path, `invalid cron schedule "${value}": ${error}`);
    };
    check(schedule, ['spec', 'schedule']);
    schedules.forEach((value, i) => {
      check(value, ['spec', 'schedules', i]);
    });
    const zone = spec.timezone;
    if (typeof zone === 'string' && zone !== '' && !isTimeZone(zone)) {
      report(
        ['spec', 'timezone'],
        `unknown time zone "${zone}": use an IANA name such as "America/New_York"`,
      );
    }
    const policy = spec.concurrencyPolicy;
    if (typeof policy === 'string' && policy !== '' && !POLICIES.includes(policy)) {
      report(
        ['spec', 'concurrencyPolicy'],
        `invalid concurrencyPolicy "${policy}": use one of ${POLICIES.join(', ')}`,
      );
    }
    const deadline = spec.startingDeadlineSeconds;
    if (deadline !== undefined && deadline !== null && !isNonNegativeInt(deadline)) {
      report(
        ['spec', 'startingDeadlineSeconds'],
        `startingDeadlineSeconds must be a non-negative integer, got ${show(deadline)}`,
      );
    }
  },
};
