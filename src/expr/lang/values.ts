import { fault } from './fault.js';
import { LIMITS } from './limits.js';
import { Duration, formatDuration, rfc3339, Time } from './time-values.js';

/**
 * Runtime values. Ints are JS numbers with an integral value; floats are boxed in `Float` so that
 * `2.0` stays a float (expr-lang, like Go, keeps int and float64 apart). Maps are plain objects
 * (own properties only), arrays are arrays, nil is null. Values read from the env are normalized
 * lazily by `norm`: a non-integral JS number becomes a Float.
 */
export class Float {
  constructor(readonly v: number) {}
}

/** A reference to a callable function, e.g. `sprig.trim` before it is called. */
export class FnRef {
  constructor(readonly name: string) {}
}

/** The `sprig` namespace value. */
export class Namespace {
  constructor(readonly name: string) {}
}

export type Value = unknown;
export type ExprMap = Record<string, unknown>;

export function norm(v: unknown): Value {
  if (v === undefined) return null;
  if (typeof v === 'number' && !Number.isInteger(v)) return new Float(v);
  return v;
}

export const isInt = (v: unknown): v is number => typeof v === 'number';
export const isFloat = (v: unknown): v is Float => v instanceof Float;
export const isNumber = (v: unknown): v is number | Float => typeof v === 'number' || v instanceof Float;
export const isString = (v: unknown): v is string => typeof v === 'string';
export const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
export const isNil = (v: unknown): v is null | undefined => v === null || v === undefined;

export function isMap(v: unknown): v is ExprMap {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

export const isArray = (v: unknown): v is unknown[] => Array.isArray(v);

/** The JS number of an int or float. */
export function num(v: number | Float): number {
  return typeof v === 'number' ? v : v.v;
}

/** Reads an own property of a map, or nil. Never looks at prototypes. */
export function getOwn(map: ExprMap, key: string): Value {
  return Object.hasOwn(map, key) ? norm(map[key]) : null;
}

/** Builds a map value with own, enumerable properties (safe for keys like `__proto__`). */
export function makeMap(entries: Iterable<readonly [string, unknown]>): ExprMap {
  const out: ExprMap = Object.create(null);
  for (const [k, v] of entries) out[k] = v;
  return out;
}

export function mapEntries(map: ExprMap): [string, Value][] {
  return Object.keys(map).map((k) => [k, norm(map[k])]);
}

export function arrayItems(arr: unknown[]): Value[] {
  return arr.map(norm);
}

/** Go-like type name, as in error messages: int, float64, string, bool, []interface {}, map[string]interface {}, <nil>. */
export function goTypeName(v: unknown): string {
  if (isNil(v)) return '<nil>';
  if (typeof v === 'number') return 'int';
  if (v instanceof Float) return 'float64';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return '[]interface {}';
  if (isMap(v)) return 'map[string]interface {}';
  if (v instanceof FnRef || v instanceof Namespace) return 'func';
  if (v instanceof Time) return 'time.Time';
  if (v instanceof Duration) return 'time.Duration';
  return 'unknown';
}

/** expr's type(): nil, bool, int, float, string, array, map. */
export function exprTypeName(v: unknown): string {
  if (isNil(v)) return 'nil';
  if (typeof v === 'number') return 'int';
  if (v instanceof Float) return 'float';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'array';
  if (isMap(v)) return 'map';
  if (v instanceof FnRef || v instanceof Namespace) return 'func';
  if (v instanceof Time) return 'time';
  if (v instanceof Duration) return 'duration';
  return 'unknown';
}

/** expr's runtime.Equal: ints and floats compare by value, containers deeply, other kinds never equal. */
export function equal(a: unknown, b: unknown, depth = 0): boolean {
  if (depth > LIMITS.maxValueDepth) fault('value nested too deeply');
  a = norm(a);
  b = norm(b);
  if (isNumber(a) && isNumber(b)) return num(a) === num(b);
  if (isNil(a) || isNil(b)) return isNil(a) && isNil(b);
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => equal(x, b[i], depth + 1));
  }
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && equal(a[k], b[k], depth + 1));
  }
  if (a instanceof FnRef && b instanceof FnRef) return a.name === b.name;
  if ((a instanceof Time && b instanceof Time) || (a instanceof Duration && b instanceof Duration))
    return a.ms === b.ms;
  return a === b;
}

/** Converts an internal value back to plain JS data (floats unboxed, maps as ordinary objects). */
export function toHost(v: unknown, depth = 0): unknown {
  if (depth > LIMITS.maxValueDepth) fault('value nested too deeply');
  if (v === undefined) return null;
  if (v instanceof Float) return v.v;
  if (Array.isArray(v)) return v.map((x) => toHost(x, depth + 1));
  if (isMap(v)) return Object.fromEntries(Object.keys(v).map((k) => [k, toHost(v[k], depth + 1)]));
  if (v instanceof FnRef) return `func ${v.name}`;
  if (v instanceof Namespace) return `namespace ${v.name}`;
  if (v instanceof Time) return rfc3339(v);
  if (v instanceof Duration) return formatDuration(v);
  if (typeof v === 'object' && v !== null) return null;
  if (typeof v === 'function' || typeof v === 'symbol' || typeof v === 'bigint') return null;
  return v;
}

/** Makes an int from a JS number, wrapping like Go's int64 when it leaves the safe range. */
export function makeInt(n: number): number {
  if (Number.isSafeInteger(n)) return n;
  if (!Number.isFinite(n)) fault('integer overflow');
  return Number(BigInt.asIntN(64, BigInt(Math.trunc(n))));
}

/** Checks a produced string against the size cap. */
export function capString(s: string): string {
  if (s.length > LIMITS.maxStringLength) fault(`string longer than ${LIMITS.maxStringLength} characters`);
  return s;
}
