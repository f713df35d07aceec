/**
 * `workflow.creationTimestamp` and its strftime variants, exactly the set Argo offers
 * (util/strftime FormatChars plus `s` and `RFC3339`), formatted in UTC. Pure: the date is passed in.
 */
import type { Vars } from './tag-types.js';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** RFC 3339 in UTC with whole seconds, e.g. `2018-08-23T05:42:49Z` (Go's time.RFC3339). */
export function rfc3339(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** The strftime characters Argo supports, each with its formatter. */
export const STRFTIME_CHARS: Readonly<Record<string, (d: Date) => string>> = {
  B: (d) => MONTHS[d.getUTCMonth()] as string,
  b: (d) => (MONTHS[d.getUTCMonth()] as string).slice(0, 3),
  m: (d) => pad(d.getUTCMonth() + 1, 2),
  A: (d) => DAYS[d.getUTCDay()] as string,
  a: (d) => (DAYS[d.getUTCDay()] as string).slice(0, 3),
  d: (d) => pad(d.getUTCDate(), 2),
  H: (d) => pad(d.getUTCHours(), 2),
  I: (d) => pad(d.getUTCHours() % 12 === 0 ? 12 : d.getUTCHours() % 12, 2),
  M: (d) => pad(d.getUTCMinutes(), 2),
  S: (d) => pad(d.getUTCSeconds(), 2),
  Y: (d) => pad(d.getUTCFullYear(), 4),
  y: (d) => pad(d.getUTCFullYear() % 100, 2),
  p: (d) => (d.getUTCHours() < 12 ? 'AM' : 'PM'),
  Z: () => 'UTC',
  z: () => '+0000',
  L: (d) => `.${pad(d.getUTCMilliseconds(), 3)}`,
};

/** The last few workflows' variables: a reconcile asks again for the same workflow every time. */
const recent = new Map<number, Readonly<Vars>>();
const RECENT_MAX = 16;

/** `workflow.creationTimestamp[.X]` for a date; the result is shared and frozen (copy it to change it). */
export function workflowCreationTimestampVars(date: Date): Readonly<Vars> {
  const key = date.getTime();
  let vars = recent.get(key);
  if (!vars) {
    vars = Object.freeze(formatCreationTimestamp(date));
    if (recent.size >= RECENT_MAX) recent.delete(recent.keys().next().value as number);
    recent.set(key, vars);
  }
  return vars;
}

function formatCreationTimestamp(date: Date): Vars {
  const base = 'workflow.creationTimestamp';
  const vars: Vars = { [base]: rfc3339(date) };
  for (const [char, format] of Object.entries(STRFTIME_CHARS)) {
    vars[`${base}.${char}`] = format(date);
  }
  vars[`${base}.s`] = String(Math.floor(date.getTime() / 1000));
  vars[`${base}.RFC3339`] = rfc3339(date);
  return vars;
}
