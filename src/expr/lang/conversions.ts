import { fault } from './fault.js';
import { Float, goTypeName, isNil, makeInt, type Value } from './values.js';

const GO_INT = /^[+-]?\d+$/;
const GO_FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Go's strconv.Atoi. */
export function parseGoInt(s: string): number | undefined {
  if (!GO_INT.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** Go's strconv.ParseFloat(s, 64), including inf/nan spellings. */
export function parseGoFloat(s: string): number | undefined {
  if (GO_FLOAT.test(s)) return Number(s);
  const lower = s.toLowerCase().replace(/^\+/, '');
  if (lower === 'inf' || lower === 'infinity') return Number.POSITIVE_INFINITY;
  if (lower === '-inf' || lower === '-infinity') return Number.NEGATIVE_INFINITY;
  if (lower === 'nan') return Number.NaN;
  return undefined;
}

/** expr's int(): ints, floats (truncated) and decimal strings. Also Argo's asInt. */
export function toInt(fn: string, v: Value): number {
  if (typeof v === 'number') return v;
  if (v instanceof Float) {
    if (!Number.isFinite(v.v)) return fault(`invalid operation: ${fn}(${v.v})`);
    return makeInt(Math.trunc(v.v));
  }
  if (typeof v === 'string') {
    const n = parseGoInt(v);
    if (n === undefined)
      return fault(
        `invalid operation: ${fn}(${JSON.stringify(v)}): strconv.Atoi: parsing ${JSON.stringify(v)}: invalid syntax`,
      );
    return n;
  }
  return fault(`invalid operation: ${fn}(${goTypeName(v)})`);
}

/** expr's float(): numbers and float strings. Also Argo's asFloat. */
export function toFloat(fn: string, v: Value): Float {
  if (typeof v === 'number') return new Float(v);
  if (v instanceof Float) return v;
  if (typeof v === 'string') {
    const n = parseGoFloat(v);
    if (n === undefined)
      return fault(
        `invalid operation: ${fn}(${JSON.stringify(v)}): strconv.ParseFloat: parsing ${JSON.stringify(v)}: invalid syntax`,
      );
    return new Float(n);
  }
  return fault(`invalid operation: ${fn}(${goTypeName(v)})`);
}

/** spf13/cast ToInt64 as sprig uses it: lenient, 0 on failure, strings parsed with base prefixes. */
export function castInt(v: Value): number {
  if (typeof v === 'number') return v;
  if (v instanceof Float) return Number.isFinite(v.v) ? makeInt(Math.trunc(v.v)) : 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v !== 'string') return 0;
  let s = v.replace(/^([+-]?\d+)\.0*$/, '$1');
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    sign = s.startsWith('-') ? -1 : 1;
    s = s.slice(1);
  }
  const m = /^0([xXoObB])([0-9a-fA-F_]+)$/.exec(s);
  let n: number;
  if (m) {
    const radix = { x: 16, o: 8, b: 2 }[(m[1] ?? '').toLowerCase() as 'x' | 'o' | 'b'];
    const digits = (m[2] ?? '').replaceAll('_', '');
    const valid = { 16: /^[0-9a-fA-F]+$/, 8: /^[0-7]+$/, 2: /^[01]+$/ }[radix];
    n = valid?.test(digits) ? Number.parseInt(digits, radix) : Number.NaN;
  } else if (/^0[0-7]+$/.test(s)) {
    n = Number.parseInt(s, 8);
  } else if (/^\d+$/.test(s)) {
    n = Number(s);
  } else {
    n = Number.NaN;
  }
  return Number.isSafeInteger(n) ? sign * n || 0 : 0;
}

/** spf13/cast ToFloat64: lenient, 0 on failure. */
export function castFloat(v: Value): number {
  if (typeof v === 'number') return v;
  if (v instanceof Float) return v.v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') return parseGoFloat(v) ?? 0;
  return 0;
}

/** sprig's empty(): nil, false, 0, "", and empty arrays/maps. */
export function isEmpty(v: Value): boolean {
  if (isNil(v)) return true;
  if (typeof v === 'boolean') return !v;
  if (typeof v === 'number') return v === 0;
  if (v instanceof Float) return v.v === 0;
  if (typeof v === 'string') return v.length === 0;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.keys(v).length === 0;
  return false;
}
