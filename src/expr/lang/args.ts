import { fault } from './fault.js';
import type { Builtin } from './registry.js';
import { type ExprMap, Float, goTypeName, isMap, isNil, isNumber, num, type Value } from './values.js';

/** Argument checking helpers shared by builtins, sprig and Argo functions. */
export function arity(fn: string, args: Value[], min: number, max = min): void {
  if (args.length < min || args.length > max) {
    const want =
      min === max ? `${min}` : max === Number.POSITIVE_INFINITY ? `at least ${min}` : `${min} to ${max}`;
    fault(`invalid number of arguments for ${fn} (expected ${want}, got ${args.length})`);
  }
}

function bad(fn: string, v: Value, want: string): never {
  return fault(`invalid argument for ${fn} (type ${goTypeName(v)}, expected ${want})`);
}

export function strArg(fn: string, args: Value[], i: number): string {
  const v = args[i];
  return typeof v === 'string' ? v : bad(fn, v, 'string');
}

export function intArg(fn: string, args: Value[], i: number): number {
  const v = args[i];
  if (typeof v === 'number') return v;
  if (v instanceof Float && Number.isInteger(v.v)) return v.v;
  return bad(fn, v, 'int');
}

export function numArg(fn: string, args: Value[], i: number): number | Float {
  const v = args[i];
  return isNumber(v) ? v : bad(fn, v, 'number');
}

export function floatOf(v: number | Float): number {
  return num(v);
}

export function arrArg(fn: string, args: Value[], i: number): unknown[] {
  const v = args[i];
  return Array.isArray(v) ? v : bad(fn, v, 'array');
}

export function mapArg(fn: string, args: Value[], i: number): ExprMap {
  const v = args[i];
  return isMap(v) ? v : bad(fn, v, 'map');
}

export function boolArg(fn: string, args: Value[], i: number): boolean {
  const v = args[i];
  return typeof v === 'boolean' ? v : bad(fn, v, 'bool');
}

export function optional<T>(args: Value[], i: number, read: () => T, dflt: T): T {
  return i < args.length && !isNil(args[i]) ? read() : dflt;
}

/** Wraps a function body with an arity check: `checked('first', [1], (args) => ...)`. */
export function checked(fn: string, counts: [number, number?], body: Builtin): Builtin {
  const [min, max = min] = counts;
  return (args, ctx) => {
    arity(fn, args, min, max);
    return body(args, ctx);
  };
}
