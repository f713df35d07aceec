/**
 * Time values of expr-lang (Go's time.Time and time.Duration): what `now()`, `date()` and
 * `duration()` return and what a host gives as a time (a CronWorkflow's lastScheduledTime).
 * Arithmetic as Go's operators on them in expr: time - time = duration, time ± duration = time,
 * duration ± duration = duration; both compare with < > <= >= == !=. Methods: `.Seconds()` and the
 * like. The evaluator stays pure: `now()` reads the clock the caller passes in, never the system's.
 */
import { fault } from './fault.js';
import { Float } from './values.js';

/** An instant, in milliseconds since the Unix epoch (UTC). */
export class Time {
  constructor(readonly ms: number) {}
}

/** A length of time in milliseconds (Go keeps nanoseconds; milliseconds are enough here). */
export class Duration {
  constructor(readonly ms: number) {}
}

export const isTime = (v: unknown): v is Time => v instanceof Time;
export const isDuration = (v: unknown): v is Duration => v instanceof Duration;

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** Go's time.ParseDuration: `1h30m`, `-1.5s`, `300ms`; a bare `0`. */
export function parseGoDuration(text: string): Duration {
  const m = /^([-+]?)(.*)$/.exec(text) as RegExpExecArray;
  const body = m[2] ?? '';
  if (body === '0') return new Duration(0);
  const part = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;
  let total = 0;
  let at = 0;
  while (at < body.length) {
    part.lastIndex = at;
    const p = part.exec(body);
    if (!p) return fault(`time: invalid duration "${text}"`);
    total += Number(p[1]) * (UNIT_MS[p[2] ?? ''] ?? 0);
    at = part.lastIndex;
  }
  if (body === '') return fault(`time: invalid duration "${text}"`);
  return new Duration(m[1] === '-' ? -total : total);
}

/** A time from text: RFC 3339 (with a zone) or a date `2006-01-02` (UTC), as expr's date() reads them. */
export function parseTime(text: string): Time {
  const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
  const day = /^\d{4}-\d{2}-\d{2}$/;
  if (!rfc3339.test(text) && !day.test(text)) {
    return fault(`cannot parse "${text}" as a time: use RFC 3339 (2006-01-02T15:04:05Z07:00) or 2006-01-02`);
  }
  const ms = Date.parse(day.test(text) ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(ms)) return fault(`cannot parse "${text}" as a time`);
  return new Time(ms);
}

/** Go's Duration.String(): `1h2m3.5s`, `1.5s`, `300ms`, `0s`. */
export function formatDuration(d: Duration): string {
  let ms = d.ms;
  if (ms === 0) return '0s';
  const sign = ms < 0 ? '-' : '';
  ms = Math.abs(ms);
  if (ms < 1000) return `${sign}${trimNumber(ms)}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  return `${sign}${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${trimNumber(s)}s`;
}

function trimNumber(n: number): string {
  return String(Number(n.toFixed(9)));
}

/** Go's Time.String() of a UTC time (what `%v` prints): `2006-01-02 15:04:05.5 +0000 UTC`. */
export function formatTime(t: Time): string {
  const iso = new Date(t.ms).toISOString();
  const fraction = iso.slice(19, 23).replace(/\.?0+$/, '');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction} +0000 UTC`;
}

/** RFC 3339 in UTC, as a host reads a time back (`2006-01-02T15:04:05Z`). */
export function rfc3339(t: Time): string {
  return new Date(t.ms).toISOString().replace('.000Z', 'Z');
}

/** `+` and `-` when an operand is a time value; undefined when neither is. */
export function timeArith(op: '+' | '-', a: unknown, b: unknown): Time | Duration | undefined {
  if (!isTime(a) && !isDuration(a) && !isTime(b) && !isDuration(b)) return undefined;
  if (op === '-' && isTime(a) && isTime(b)) return new Duration(a.ms - b.ms);
  if (isTime(a) && isDuration(b)) return new Time(op === '+' ? a.ms + b.ms : a.ms - b.ms);
  if (op === '+' && isDuration(a) && isTime(b)) return new Time(a.ms + b.ms);
  if (isDuration(a) && isDuration(b)) return new Duration(op === '+' ? a.ms + b.ms : a.ms - b.ms);
  return undefined;
}

/** Ordering of two times or two durations; undefined for other operands. */
export function timeCompare(a: unknown, b: unknown): number | undefined {
  if ((isTime(a) && isTime(b)) || (isDuration(a) && isDuration(b))) {
    return a.ms < b.ms ? -1 : a.ms > b.ms ? 1 : 0;
  }
  return undefined;
}

type Method = (self: never, args: unknown[]) => unknown;

/** A method without arguments. */
function nullary<T>(name: string, f: (self: T) => unknown): (self: T, args: unknown[]) => unknown {
  return (self, args) => (args.length !== 0 ? fault(`${name}() takes no arguments`) : f(self));
}

function timeArg(name: string, args: unknown[]): Time {
  const t = args[0];
  if (args.length !== 1 || !isTime(t)) return fault(`${name}() needs one time argument`);
  return t;
}

const DURATION_METHODS: Record<string, (d: Duration, args: unknown[]) => unknown> = {
  Hours: nullary('Hours', (d) => new Float(d.ms / 3_600_000)),
  Minutes: nullary('Minutes', (d) => new Float(d.ms / 60_000)),
  Seconds: nullary('Seconds', (d) => new Float(d.ms / 1000)),
  Milliseconds: nullary('Milliseconds', (d) => Math.trunc(d.ms)),
  String: nullary('String', (d) => formatDuration(d)),
};

const TIME_METHODS: Record<string, (t: Time, args: unknown[]) => unknown> = {
  Unix: nullary('Unix', (t) => Math.floor(t.ms / 1000)),
  UnixMilli: nullary('UnixMilli', (t) => Math.floor(t.ms)),
  UTC: nullary('UTC', (t) => t),
  String: nullary('String', (t) => formatTime(t)),
  Year: nullary('Year', (t) => new Date(t.ms).getUTCFullYear()),
  Month: nullary('Month', (t) => new Date(t.ms).getUTCMonth() + 1),
  Day: nullary('Day', (t) => new Date(t.ms).getUTCDate()),
  Hour: nullary('Hour', (t) => new Date(t.ms).getUTCHours()),
  Minute: nullary('Minute', (t) => new Date(t.ms).getUTCMinutes()),
  Second: nullary('Second', (t) => new Date(t.ms).getUTCSeconds()),
  Weekday: nullary('Weekday', (t) => new Date(t.ms).getUTCDay()),
  Sub: (t, a) => new Duration(t.ms - timeArg('Sub', a).ms),
  After: (t, a) => t.ms > timeArg('After', a).ms,
  Before: (t, a) => t.ms < timeArg('Before', a).ms,
  Equal: (t, a) => t.ms === timeArg('Equal', a).ms,
  Add: (t, a) => {
    const d = a[0];
    if (a.length !== 1 || !isDuration(d)) return fault('Add() needs one duration argument');
    return new Time(t.ms + d.ms);
  },
};

/** `value.Name(args)` on a time or duration; undefined when value is neither. */
export function timeMethod(value: unknown, name: string): ((args: unknown[]) => unknown) | undefined {
  const table = (isTime(value) ? TIME_METHODS : isDuration(value) ? DURATION_METHODS : undefined) as
    | Record<string, Method>
    | undefined;
  if (!table) return undefined;
  const method = Object.hasOwn(table, name) ? table[name] : undefined;
  if (!method) return fault(`type ${isTime(value) ? 'time.Time' : 'time.Duration'} has no method ${name}`);
  return (args) => method(value as never, args);
}
