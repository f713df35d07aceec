import type { BinaryOp } from './ast.js';
import { fault } from './fault.js';
import { LIMITS } from './limits.js';
import { regexTest } from './regex.js';
import { timeArith, timeCompare } from './time-values.js';
import {
  capString,
  equal,
  Float,
  getOwn,
  goTypeName,
  isMap,
  isNil,
  isNumber,
  makeInt,
  num,
  type Value,
} from './values.js';

function mismatch(op: string, a: Value, b: Value): never {
  return fault(`invalid operation: ${op} (mismatched types ${goTypeName(a)} and ${goTypeName(b)})`);
}

function arith(
  op: string,
  a: Value,
  b: Value,
  intOp: (x: number, y: number) => number,
  floatOp = intOp,
): Value {
  if (typeof a === 'number' && typeof b === 'number') return makeInt(intOp(a, b));
  if (isNumber(a) && isNumber(b)) return new Float(floatOp(num(a), num(b)));
  return mismatch(op, a, b);
}

function compare(op: string, a: Value, b: Value): number {
  const times = timeCompare(a, b);
  if (times !== undefined) return times;
  if (isNumber(a) && isNumber(b)) {
    const x = num(a);
    const y = num(b);
    return x < y ? -1 : x > y ? 1 : x === y ? 0 : Number.NaN;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return mismatch(op, a, b);
}

function strings(op: string, a: Value, b: Value): [string, string] {
  if (typeof a !== 'string' || typeof b !== 'string') return mismatch(op, a, b);
  return [a, b];
}

/** `x in collection`: array membership by equality, map key presence. */
export function inOp(a: Value, b: Value): boolean {
  if (Array.isArray(b)) return b.some((x) => equal(a, x));
  if (isMap(b)) {
    if (typeof a !== 'string') return isNil(a) ? false : mismatch('in', a, b);
    return Object.hasOwn(b, a);
  }
  if (isNil(b)) return false;
  return mismatch('in', a, b);
}

/** Integer range `a..b`, inclusive; `charge` is called with the element count before allocating. */
export function rangeOp(a: Value, b: Value, charge: (n: number) => void): Value[] {
  if (typeof a !== 'number' || typeof b !== 'number') return mismatch('..', a, b);
  const n = b - a + 1;
  if (n <= 0) return [];
  if (n > LIMITS.maxArrayLength) fault(`range ${a}..${b} too large`);
  charge(n);
  return Array.from({ length: n }, (_, i) => a + i);
}

/** Evaluates a binary operator on two already evaluated operands (not and/or/??/.., which short-circuit). */
export function binaryOp(op: BinaryOp, a: Value, b: Value): Value {
  switch (op) {
    case '==':
      return equal(a, b);
    case '!=':
      return !equal(a, b);
    case '<':
      return compare(op, a, b) < 0;
    case '>':
      return compare(op, a, b) > 0;
    case '<=':
      return compare(op, a, b) <= 0;
    case '>=':
      return compare(op, a, b) >= 0;
    case '+':
      if (typeof a === 'string' && typeof b === 'string') return capString(a + b);
      return timeArith('+', a, b) ?? arith(op, a, b, (x, y) => x + y);
    case '-':
      return timeArith('-', a, b) ?? arith(op, a, b, (x, y) => x - y);
    case '*':
      return arith(
        op,
        a,
        b,
        (x, y) => (Number.isSafeInteger(x * y) ? x * y : mulInt64(x, y)),
        (x, y) => x * y,
      );
    case '/':
      if (!isNumber(a) || !isNumber(b)) return mismatch(op, a, b);
      return new Float(num(a) / num(b));
    case '%':
      if (typeof a !== 'number' || typeof b !== 'number') return mismatch(op, a, b);
      if (b === 0) return fault('integer divide by zero');
      return makeInt(a % b) || 0;
    case '**':
      if (!isNumber(a) || !isNumber(b)) return mismatch(op, a, b);
      return new Float(num(a) ** num(b));
    case 'in':
      return inOp(a, b);
    case 'not in':
      return !inOp(a, b);
    case 'matches':
    case 'not matches': {
      const [s, p] = strings('matches', a, b);
      return regexTest(p, s) === (op === 'matches');
    }
    case 'contains':
    case 'not contains': {
      const [s, t] = strings('contains', a, b);
      return s.includes(t) === (op === 'contains');
    }
    case 'startsWith':
    case 'not startsWith': {
      const [s, t] = strings('startsWith', a, b);
      return s.startsWith(t) === (op === 'startsWith');
    }
    case 'endsWith':
    case 'not endsWith': {
      const [s, t] = strings('endsWith', a, b);
      return s.endsWith(t) === (op === 'endsWith');
    }
    default:
      return fault(`unsupported operator ${op}`);
  }
}

function mulInt64(x: number, y: number): number {
  return Number(BigInt.asIntN(64, BigInt(x) * BigInt(y)));
}

export function unaryOp(op: 'not' | '-' | '+', v: Value): Value {
  if (op === 'not') {
    if (typeof v !== 'boolean') return fault(`invalid operation: ! (mismatched type ${goTypeName(v)})`);
    return !v;
  }
  if (typeof v === 'number') return op === '-' ? makeInt(-v) || 0 : v;
  if (v instanceof Float) return op === '-' ? new Float(-v.v) : v;
  return fault(`invalid operation: ${op} (mismatched type ${goTypeName(v)})`);
}

/** Index into an array or string (negative counts from the end), or a map key. */
export function indexValue(obj: Value, key: Value): Value {
  if (isMap(obj)) {
    if (typeof key !== 'string') return fault(`cannot use ${goTypeName(key)} as map key (string expected)`);
    return getOwn(obj, key);
  }
  if ((Array.isArray(obj) || typeof obj === 'string') && typeof key !== 'string') {
    if (!isNumber(key) || !Number.isInteger(num(key))) {
      return fault(`cannot index ${goTypeName(obj)} with ${goTypeName(key)}`);
    }
    const len = obj.length;
    let i = num(key);
    if (i < 0) i += len;
    if (i < 0 || i >= len) return fault(`index out of range: ${num(key)} (array length is ${len})`);
    return typeof obj === 'string' ? obj.charAt(i) : (obj[i] ?? null);
  }
  if (isNil(obj)) return fault(`cannot fetch ${typeof key === 'string' ? key : goTypeName(key)} from <nil>`);
  return fault(`cannot fetch ${typeof key === 'string' ? key : goTypeName(key)} from ${goTypeName(obj)}`);
}

/** `a[from:to]` for arrays and strings, with Go-like clamping and negative indices. */
export function sliceValue(obj: Value, from: Value, to: Value): Value {
  if (!Array.isArray(obj) && typeof obj !== 'string') return fault(`cannot slice ${goTypeName(obj)}`);
  const len = obj.length;
  const bound = (v: Value, dflt: number): number => {
    if (isNil(v)) return dflt;
    if (typeof v !== 'number') return fault(`invalid slice index of type ${goTypeName(v)}`);
    const i = v < 0 ? v + len : v;
    return Math.min(Math.max(i, 0), len);
  };
  const a = bound(from, 0);
  const b = Math.max(bound(to, len), a);
  return obj.slice(a, b);
}
