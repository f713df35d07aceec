/** Human durations and timestamps as the `argo` CLI prints them. */

const UNITS: Array<[number, string]> = [
  [86_400, 'day'],
  [3_600, 'hour'],
  [60, 'minute'],
  [1, 'second'],
];

/** `42 seconds`, `3 minutes`, `1 hour` (the largest unit only, like Argo's humanize). */
export function durationLong(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  for (const [size, unit] of UNITS) {
    if (s >= size) {
      const n = Math.floor(s / size);
      return `${n} ${unit}${n === 1 ? '' : 's'}`;
    }
  }
  return '0 seconds';
}

/** `5s`, `2m`, `1h` — the short form of the DURATION column. */
export function durationShort(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86_400)}d`;
}

export function secondsBetween(from: string | undefined, to: string | undefined, now: Date): number {
  if (!from) return 0;
  const start = Date.parse(from);
  const end = to ? Date.parse(to) : now.getTime();
  return Number.isNaN(start) || Number.isNaN(end) ? 0 : (end - start) / 1000;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Wed Mar 11 12:00:00 +0000 (10 seconds ago)`, in UTC. */
export function timestamp(iso: string, now: Date): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  const text = `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(
    d.getUTCMinutes(),
  )}:${pad(d.getUTCSeconds())} +0000`;
  const ago = (now.getTime() - d.getTime()) / 1000;
  const rel = ago >= 0 ? `${durationLong(ago)} ago` : `${durationLong(-ago)} from now`;
  return `${text} (${rel})`;
}
