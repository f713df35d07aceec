/** Durations and ages as Argo UI prints them ("1h 2m", "3m 4s", "12s"). */

/** Formats seconds as at most two units: `1d 2h`, `1h 2m`, `3m 4s`, `12s`; negative is `0s`. */
export function formatDuration(totalSeconds: number): string {
  if (!Number.isFinite(totalSeconds) || totalSeconds < 0) return '0s';
  const s = Math.floor(totalSeconds);
  const units: [string, number][] = [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ];
  const parts: string[] = [];
  let rest = s;
  for (const [suffix, size] of units) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0 || (parts.length > 0 && parts.length < 2)) parts.push(`${n}${suffix}`);
    if (parts.length === 2) break;
  }
  if (parts.length === 0) return '0s';
  // "1h 0m" reads worse than "1h".
  if (parts.length === 2 && parts[1]?.startsWith('0')) parts.pop();
  return parts.join(' ');
}

/** Seconds between startedAt and finishedAt (or `now` when still running); undefined when not started. */
export function elapsedSeconds(
  startedAt: string | undefined,
  finishedAt: string | undefined,
  now: number,
): number | undefined {
  if (!startedAt) return undefined;
  const start = Date.parse(startedAt);
  if (Number.isNaN(start)) return undefined;
  const end = finishedAt ? Date.parse(finishedAt) : now;
  if (Number.isNaN(end)) return undefined;
  return Math.max(0, (end - start) / 1000);
}

/** "12s ago", "3m ago", "2h ago", "4d ago"; a time in the future is "in 3m". */
export function formatAge(timestamp: string | undefined, now: number): string {
  if (!timestamp) return '';
  const t = Date.parse(timestamp);
  if (Number.isNaN(t)) return '';
  const seconds = (now - t) / 1000;
  const text = formatDuration(Math.abs(seconds)).split(' ')[0] ?? '0s';
  return seconds >= 0 ? `${text} ago` : `in ${text}`;
}

/** "3/7" into a fraction 0..1; anything else is undefined. */
export function progressFraction(progress: string | undefined): number | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(progress ?? '');
  if (!m) return undefined;
  const done = Number(m[1]);
  const total = Number(m[2]);
  if (total === 0) return undefined;
  return Math.min(1, done / total);
}
