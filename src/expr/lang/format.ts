import { fault } from './fault.js';
import { LIMITS } from './limits.js';
import { Duration, formatDuration, formatTime, Time } from './time-values.js';
import { capString, Float, FnRef, isMap, isNil, Namespace, norm } from './values.js';

/** Go's `%v` for a float64 (strconv 'g', shortest): exponent form when exp < -4 or exp >= 6 (`1e+06`). */
export function goFloat(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Number.POSITIVE_INFINITY) return '+Inf';
  if (n === Number.NEGATIVE_INFINITY) return '-Inf';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  const [mantissa, e] = n.toExponential().split('e') as [string, string];
  const realExp = Number(e);
  if (realExp < -4 || realExp >= 6) {
    const sign = realExp < 0 ? '-' : '+';
    const digits = String(Math.abs(realExp)).padStart(2, '0');
    return `${mantissa}e${sign}${digits}`;
  }
  return String(n);
}

/** Go's `fmt.Sprintf("%v", v)` for expr values: `[1 2]`, `map[a:1 b:2]`, `<nil>`. */
export function formatValue(v: unknown, depth = 0): string {
  if (depth > LIMITS.maxValueDepth) fault('value nested too deeply');
  v = norm(v);
  if (isNil(v)) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (v instanceof Float) return goFloat(v.v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return capString(`[${v.map((x) => formatValue(x, depth + 1)).join(' ')}]`);
  if (isMap(v)) {
    const keys = Object.keys(v).sort();
    return capString(`map[${keys.map((k) => `${k}:${formatValue(v[k], depth + 1)}`).join(' ')}]`);
  }
  if (v instanceof FnRef) return `func ${v.name}`;
  if (v instanceof Namespace) return `map[${v.name}]`;
  if (v instanceof Time) return formatTime(v);
  if (v instanceof Duration) return formatDuration(v);
  return '<unknown>';
}

const HTML_ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026' };

function jsonString(s: string, escapeHtml: boolean): string {
  let out = JSON.stringify(s).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
  if (escapeHtml) out = out.replace(/[<>&]/g, (c) => HTML_ESCAPES[c] ?? c);
  return out;
}

export interface JsonOptions {
  /** Indent string for pretty output ('' = compact). */
  indent?: string;
  /** Escape <, >, & like Go's json.Marshal (default true). */
  escapeHtml?: boolean;
}

/** Go's json.Marshal / MarshalIndent: map keys sorted, HTML characters escaped. */
export function toGoJson(v: unknown, options: JsonOptions = {}): string {
  const indent = options.indent ?? '';
  const escapeHtml = options.escapeHtml ?? true;
  const enc = (x: unknown, depth: number): string => {
    if (depth > LIMITS.maxValueDepth) fault('value nested too deeply');
    x = norm(x);
    if (isNil(x)) return 'null';
    if (typeof x === 'string') return jsonString(x, escapeHtml);
    if (typeof x === 'number') return String(x);
    if (x instanceof Float) {
      if (!Number.isFinite(x.v)) fault(`json: unsupported value: ${goFloat(x.v)}`);
      return String(x.v);
    }
    if (typeof x === 'boolean') return String(x);
    const nl = indent ? `\n${indent.repeat(depth + 1)}` : '';
    const close = indent ? `\n${indent.repeat(depth)}` : '';
    const colon = indent ? ': ' : ':';
    if (Array.isArray(x)) {
      if (x.length === 0) return '[]';
      return `[${x.map((e) => nl + enc(e, depth + 1)).join(',')}${close}]`;
    }
    if (isMap(x)) {
      const keys = Object.keys(x).sort();
      if (keys.length === 0) return '{}';
      return `{${keys.map((k) => `${nl}${jsonString(k, escapeHtml)}${colon}${enc(x[k], depth + 1)}`).join(',')}${close}}`;
    }
    return fault(`json: unsupported type ${typeof x}`);
  };
  return capString(enc(v, 0));
}

/** Parses JSON the way Go's json.Unmarshal into interface{} does: every number is a float64. */
export function fromGoJson(text: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return fault(`invalid JSON: ${(e as Error).message}`);
  }
  const conv = (x: unknown, depth: number): unknown => {
    if (depth > LIMITS.maxValueDepth) fault('value nested too deeply');
    if (typeof x === 'number') return new Float(x);
    if (Array.isArray(x)) return x.map((e) => conv(e, depth + 1));
    if (x !== null && typeof x === 'object') {
      const out: Record<string, unknown> = Object.create(null);
      for (const k of Object.keys(x)) out[k] = conv((x as Record<string, unknown>)[k], depth + 1);
      return out;
    }
    return x;
  };
  return conv(parsed, 0);
}
