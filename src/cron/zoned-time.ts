/**
 * Wall-clock time in an IANA time zone, through Intl (no clock, no state): the offset at an instant,
 * the instants a wall-clock time names (none in a spring-forward gap, two in a fall-back overlap),
 * and the local calendar fields of an instant.
 */

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(zone, f);
  }
  return f;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** The calendar fields of `ms` in `zone`. */
export function wallTimeOf(ms: number, zone: string): WallTime & { second: number } {
  const parts: Record<string, string> = {};
  for (const p of formatter(zone).formatToParts(new Date(ms))) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS.indexOf(parts.weekday ?? ''),
  };
}

const QUARTER_HOUR = 15 * 60_000;
const offsets = new Map<string, number>();

function computeOffset(ms: number, zone: string): number {
  const w = wallTimeOf(ms, zone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/**
 * Offset of `zone` from UTC at `ms`, in milliseconds (east positive). Cached per quarter hour: every
 * zone changes its offset on a quarter-hour boundary, so the offset is constant within one.
 */
export function offsetAt(ms: number, zone: string): number {
  const bucket = Math.floor(ms / QUARTER_HOUR) * QUARTER_HOUR;
  const key = `${zone}@${bucket}`;
  let off = offsets.get(key);
  if (off === undefined) {
    if (offsets.size > 50_000) offsets.clear();
    off = computeOffset(bucket, zone);
    offsets.set(key, off);
  }
  return off;
}

/** The calendar day of `ms` in `zone`, as the UTC midnight of that date. */
export function localDayStart(ms: number, zone: string): number {
  const local = ms + offsetAt(ms, zone);
  return Math.floor(local / 86_400_000) * 86_400_000;
}

/** The instants (ascending) at which the wall clock of `zone` shows this minute: 0, 1 or 2 of them. */
export function instantsOf(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  zone: string,
): number[] {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const offsets = new Set([offsetAt(wall - 12 * 3_600_000, zone), offsetAt(wall + 12 * 3_600_000, zone)]);
  const out: number[] = [];
  for (const off of offsets) {
    const ms = wall - off;
    if (offsetAt(ms, zone) === off) out.push(ms);
  }
  return [...new Set(out)].sort((a, b) => a - b);
}

/** The machine's zone, Argo's default for a CronWorkflow without `timezone`. */
export function localZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
