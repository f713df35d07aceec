/**
 * When a schedule fires next, with robfig/cron's behaviour in a time zone (as Argo documents it in
 * cron-workflows.md "Daylight Saving"): a wall-clock time skipped by a spring-forward change does
 * not fire that day; one repeated by a fall-back change fires twice, once per offset.
 */
import { ValidationError } from '../errors/index.js';
import { isTimeZone } from '../lint/index.js';
import { type CronFields, type ParsedSchedule, parseSchedule } from './cron-fields.js';
import { instantsOf, localDayStart, localZone, offsetAt } from './zoned-time.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** A schedule that matches no day within this many years (e.g. Feb 30) never fires. */
const HORIZON_DAYS = 366 * 5;

function dayMatches(f: CronFields, year: number, month: number, day: number): boolean {
  if (!f.months.has(month)) return false;
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  const dom = f.days.has(day);
  const dow = f.weekdays.has(weekday);
  return f.dayAnd ? dom && dow : dom || dow;
}

function nextFields(f: CronFields, afterMs: number, zone: string): number | undefined {
  const start = Math.floor(afterMs / MINUTE) * MINUTE + MINUTE;
  // Begin a day early in local terms: an overlap hour can repeat times of the previous wall day.
  const base = localDayStart(start - DAY, zone);
  const hours = [...f.hours].sort((a, b) => a - b);
  const minutes = [...f.minutes].sort((a, b) => a - b);
  for (let i = 0; i <= HORIZON_DAYS; i++) {
    const dayStart = base + i * DAY;
    const d = new Date(dayStart);
    const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
    if (!dayMatches(f, y, m, day)) continue;
    const found = earliestOnDay(y, m, day, dayStart, hours, minutes, start, zone);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The earliest firing at or after `start` among the day's wall times. */
function earliestOnDay(
  y: number,
  m: number,
  day: number,
  dayStart: number,
  hours: number[],
  minutes: number[],
  start: number,
  zone: string,
): number | undefined {
  const before = offsetAt(dayStart - 14 * 3_600_000, zone);
  const after = offsetAt(dayStart + DAY + 14 * 3_600_000, zone);
  if (before === after) {
    // No offset change near this day: wall time maps to one instant, in order.
    if (dayStart + DAY - before <= start) return undefined;
    for (const h of hours) {
      for (const min of minutes) {
        const ms = dayStart + h * 3_600_000 + min * MINUTE - before;
        if (ms >= start) return ms;
      }
    }
    return undefined;
  }
  // A day with a DST change: a skipped time has no instant, a repeated one has two.
  let best: number | undefined;
  for (const h of hours) {
    for (const min of minutes) {
      for (const ms of instantsOf(y, m, day, h, min, zone)) {
        if (ms >= start && (best === undefined || ms < best)) best = ms;
      }
    }
  }
  return best;
}

export interface Schedule {
  source: string;
  parsed: ParsedSchedule;
  zone: string;
}

/** Parses schedules with the CronWorkflow's timezone (a `CRON_TZ=` prefix wins). ValidationError on bad input. */
export function compileSchedules(schedules: string[], timezone: string | undefined): Schedule[] {
  if (timezone && !isTimeZone(timezone)) {
    throw new ValidationError(
      'spec.timezone',
      `unknown time zone "${timezone}": use an IANA name such as "America/New_York"`,
    );
  }
  return schedules.map((source, i) => {
    try {
      const parsed = parseSchedule(source);
      return { source, parsed, zone: parsed.timezone ?? (timezone || localZone()) };
    } catch (err) {
      throw new ValidationError(`spec.schedules[${i}]`, err instanceof Error ? err.message : String(err));
    }
  });
}

/**
 * The first firing strictly after `after`, or undefined if it never fires. An `@every` schedule
 * fires every interval from `anchor` (the last run, or when the CronWorkflow was created); without
 * one, an interval after `after`, as robfig does for a newly added entry.
 */
export function nextRun(schedule: Schedule, after: Date, anchor?: Date): Date | undefined {
  const p = schedule.parsed;
  if (p.kind === 'every') {
    if (!anchor) return new Date(Math.floor(after.getTime() / 1000) * 1000 + p.ms);
    const steps = Math.max(0, Math.floor((after.getTime() - anchor.getTime()) / p.ms)) + 1;
    return new Date(anchor.getTime() + steps * p.ms);
  }
  const ms = nextFields(p, after.getTime(), schedule.zone);
  return ms === undefined ? undefined : new Date(ms);
}

/** The earliest next firing of any schedule. */
export function nextRunOf(schedules: Schedule[], after: Date, anchor?: Date): Date | undefined {
  let best: Date | undefined;
  for (const s of schedules) {
    const t = nextRun(s, after, anchor);
    if (t && (!best || t < best)) best = t;
  }
  return best;
}

/** The latest firing in (from, to], or undefined. `anchor` as for nextRun. */
export function lastRunBetween(schedules: Schedule[], from: Date, to: Date, anchor?: Date): Date | undefined {
  let latest: Date | undefined;
  for (const s of schedules) {
    const last = lastOf(s, from, to, anchor);
    if (last && (!latest || last > latest)) latest = last;
  }
  return latest;
}

/** Walks forward from ever earlier starts (an hour, then doubling) so a long outage costs little. */
function lastOf(s: Schedule, from: Date, to: Date, anchor?: Date): Date | undefined {
  for (let span = 3_600_000; ; span *= 2) {
    const start = new Date(Math.max(from.getTime(), to.getTime() - span));
    let last: Date | undefined;
    for (let t = nextRun(s, start, anchor); t && t <= to; t = nextRun(s, t, anchor)) last = t;
    if (last || start.getTime() === from.getTime()) return last;
  }
}
