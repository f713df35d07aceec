/**
 * Duration formats Argo accepts: Go durations (`1h30m`, `90s`, `1.5h`, `300ms`) and, where Argo parses
 * with ParseStringToDuration, a plain whole number of seconds (`"30"`).
 */

const GO_DURATION = /^[-+]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/;

/** A Go `time.ParseDuration` string. "0" is valid without a unit, as in Go. */
export function isGoDuration(text: string): boolean {
  return text === '0' || GO_DURATION.test(text);
}

/** Argo's ParseStringToDuration: a whole number of seconds, or a Go duration. */
export function isDurationOrSeconds(value: unknown): boolean {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0;
  if (typeof value !== 'string') return false;
  return /^\d+$/.test(value) || isGoDuration(value);
}

/** A non-negative integer, as a number or a string of digits. */
export function isNonNegativeInt(value: unknown): boolean {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0;
  return typeof value === 'string' && /^\d+$/.test(value.trim());
}
