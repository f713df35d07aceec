/**
 * A standard five-field cron schedule (robfig/cron ParseStandard, which Argo uses) parsed into the
 * sets of minutes, hours, days, months and weekdays it fires on, plus whether day-of-month and
 * day-of-week combine with AND (either starts with `*` or `?`) or OR (both restricted), as robfig does.
 * Descriptors (@hourly, @daily...) expand to their fields; `@every <duration>` is an interval.
 * Syntax errors are lint's (cronScheduleError): parse only what it accepts.
 */
import { cronScheduleError } from '../lint/index.js';

export interface CronFields {
  kind: 'fields';
  minutes: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  days: ReadonlySet<number>;
  months: ReadonlySet<number>;
  weekdays: ReadonlySet<number>;
  /** robfig's star bit: when either day field is unrestricted, both must match; else either. */
  dayAnd: boolean;
}

export interface CronInterval {
  kind: 'every';
  ms: number;
}

export type ParsedSchedule = (CronFields | CronInterval) & { timezone?: string };

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const BOUNDS: Array<[number, number, string[]?]> = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12, MONTHS],
  [0, 6, DAYS],
];
const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

function num(text: string, names: string[] | undefined, offset: number): number {
  const i = names?.indexOf(text.toLowerCase()) ?? -1;
  return i >= 0 ? i + offset : Number(text);
}

function fieldSet(text: string, index: number): Set<number> {
  const [min, max, names] = BOUNDS[index] as [number, number, string[]?];
  const offset = index === 3 ? 1 : 0;
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const [range = '*', stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    let lo: number;
    let hi: number;
    if (range === '*' || range === '?') {
      lo = min;
      hi = max;
    } else {
      const [a = '', b] = range.split('-');
      lo = num(a, names, offset);
      // robfig: `N/step` runs from N to the field's maximum.
      hi = b === undefined ? (stepText === undefined ? lo : max) : num(b, names, offset);
    }
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

const GO_UNITS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** A Go duration (`1h30m`, `90s`, `1.5h`) in milliseconds. */
export function goDurationMs(text: string): number {
  let total = 0;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) {
    total += Number(m[1]) * (GO_UNITS[m[2] as string] ?? 0);
  }
  return total;
}

/** Parses a schedule lint accepts; throws with lint's reason otherwise. */
export function parseSchedule(schedule: string): ParsedSchedule {
  const error = cronScheduleError(schedule);
  if (error) throw new Error(`invalid cron schedule "${schedule}": ${error}`);
  let spec = schedule.trim();
  let timezone: string | undefined;
  const tz = /^(?:CRON_TZ|TZ)=(\S+)\s+/.exec(spec);
  if (tz) {
    timezone = tz[1];
    spec = spec.slice(tz[0].length);
  }
  const every = /^@every\s+(\S+)$/.exec(spec);
  if (every) return { kind: 'every', ms: Math.max(1000, goDurationMs(every[1] ?? '')), timezone };
  const parts = (DESCRIPTORS[spec] ?? spec).split(/\s+/);
  const star = (i: number) => (parts[i] ?? '').startsWith('*') || (parts[i] ?? '').startsWith('?');
  return {
    kind: 'fields',
    minutes: fieldSet(parts[0] ?? '*', 0),
    hours: fieldSet(parts[1] ?? '*', 1),
    days: fieldSet(parts[2] ?? '*', 2),
    months: fieldSet(parts[3] ?? '*', 3),
    weekdays: fieldSet(parts[4] ?? '*', 4),
    dayAnd: star(2) || star(4),
    timezone,
  };
}
