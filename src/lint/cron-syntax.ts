/**
 * Cron schedule syntax as Argo parses it (robfig/cron ParseStandard): five fields
 * (minute hour day-of-month month day-of-week), a descriptor (@hourly, @daily, ...), or `@every <duration>`,
 * optionally prefixed by `CRON_TZ=<zone>` or `TZ=<zone>`. Returns the reason a schedule is invalid.
 */
import { isGoDuration } from './duration-syntax.js';

interface Field {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const FIELDS: readonly Field[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day of week', min: 0, max: 6, names: DAYS },
];

const DESCRIPTORS = new Set([
  '@yearly',
  '@annually',
  '@monthly',
  '@weekly',
  '@daily',
  '@midnight',
  '@hourly',
]);

function value(text: string, field: Field): number | string {
  const named = field.names?.indexOf(text.toLowerCase()) ?? -1;
  if (named >= 0) return field.name === 'month' ? named + 1 : named;
  if (!/^\d+$/.test(text)) return `"${text}" is not a number`;
  const n = Number(text);
  if (n < field.min || n > field.max) return `${n} is out of range ${field.min}-${field.max}`;
  return n;
}

function checkPart(part: string, field: Field): string | undefined {
  const [range = '', step, extra] = part.split('/');
  if (extra !== undefined) return `too many slashes in "${part}"`;
  if (step !== undefined && (!/^\d+$/.test(step) || Number(step) === 0)) return `invalid step "${step}"`;
  if (range === '*' || range === '?') return undefined;
  const [low = '', high, more] = range.split('-');
  if (more !== undefined) return `too many hyphens in "${range}"`;
  const start = value(low, field);
  if (typeof start === 'string') return start;
  if (high === undefined) return undefined;
  const end = value(high, field);
  if (typeof end === 'string') return end;
  if (end < start) return `range "${range}" ends before it starts`;
  return undefined;
}

/** Undefined when the schedule is valid, otherwise the reason. */
export function cronScheduleError(schedule: string): string | undefined {
  let spec = schedule.trim();
  const tz = /^(?:CRON_TZ|TZ)=(\S+)\s+/.exec(spec);
  if (tz) {
    if (!isTimeZone(tz[1] ?? '')) return `unknown time zone "${tz[1]}"`;
    spec = spec.slice(tz[0].length);
  }
  if (spec === '') return 'empty schedule';
  if (spec.startsWith('@')) {
    if (DESCRIPTORS.has(spec)) return undefined;
    const every = /^@every\s+(\S+)$/.exec(spec);
    if (every) return isGoDuration(every[1] ?? '') ? undefined : `invalid duration in "${spec}"`;
    return `unrecognized descriptor "${spec}"`;
  }
  const parts = spec.split(/\s+/);
  if (parts.length !== 5)
    return `expected 5 fields (minute hour day-of-month month day-of-week), found ${parts.length}`;
  for (let i = 0; i < 5; i++) {
    const field = FIELDS[i];
    const text = parts[i] ?? '';
    if (!field) continue;
    for (const part of text.split(',')) {
      const error = part === '' ? 'empty list element' : checkPart(part, field);
      if (error) return `${field.name} field "${text}": ${error}`;
    }
  }
  return undefined;
}

/** True for an IANA time zone name the runtime knows (Intl), e.g. "America/Los_Angeles". */
export function isTimeZone(zone: string): boolean {
  if (zone === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
