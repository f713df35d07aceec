/**
 * Turns an expression result into the text Argo inserts: Argo JSON-marshals the result with Go's
 * encoding/json and strips the quotes of a string. So strings are inserted as they are; numbers,
 * booleans, lists and maps as JSON with Go's conventions (map keys sorted, `<`, `>`, `&`, U+2028 and
 * U+2029 escaped as \u003c...); times as RFC 3339. Values Go cannot marshal (NaN, ±Inf, functions,
 * cycles) are reported as undefined.
 */

const GO_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

function goQuote(value: string): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => GO_ESCAPES[c] ?? c);
}

/** RFC 3339 with fractional seconds only when non-zero, like Go's time.RFC3339Nano. */
export function goTimeString(date: Date): string {
  return date
    .toISOString()
    .replace(/\.000Z$/, 'Z')
    .replace(/(\.\d*?)0+Z$/, '$1Z');
}

const MAX_DEPTH = 200;

function marshal(value: unknown, seen: Set<object>, depth: number): string | undefined {
  if (depth > MAX_DEPTH) return undefined;
  switch (typeof value) {
    case 'string':
      return goQuote(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : undefined;
    case 'object':
      break;
    default:
      return undefined;
  }
  if (value === null) return 'null';
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? undefined : goQuote(goTimeString(value));
  }
  if (seen.has(value)) return undefined;
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      const items: string[] = [];
      for (const item of value) {
        const text = marshal(item === undefined ? null : item, seen, depth + 1);
        if (text === undefined) return undefined;
        items.push(text);
      }
      return `[${items.join(',')}]`;
    }
    if (value instanceof Map) {
      return marshal(Object.fromEntries(value), seen, depth + 1);
    }
    const entries: string[] = [];
    for (const key of Object.keys(value).sort()) {
      const item = (value as Record<string, unknown>)[key];
      const text = marshal(item === undefined ? null : item, seen, depth + 1);
      if (text === undefined) return undefined;
      entries.push(`${goQuote(key)}:${text}`);
    }
    return `{${entries.join(',')}}`;
  } finally {
    seen.delete(value);
  }
}

/** The text Argo substitutes for an expression result; undefined when Go could not marshal it. */
export function resultToText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value instanceof Date && !Number.isNaN(value.getTime())) return goTimeString(value);
  return marshal(value, new Set(), 0);
}
