import { arity, intArg } from './args.js';
import { castFloat, castInt, parseGoInt } from './conversions.js';
import { fault } from './fault.js';
import { LIMITS } from './limits.js';
import type { Builtin } from './registry.js';
import { Float, makeInt } from './values.js';

/** Rounds a float to 15 significant digits, standing in for sprig's decimal arithmetic (addf 0.1 0.2 = 0.3). */
const dec = (n: number): Float => new Float(Number.isFinite(n) ? Number(n.toPrecision(15)) : n);

const ints =
  (name: string, min: number, f: (xs: number[]) => number): Builtin =>
  (args) => {
    arity(name, args, min, Number.POSITIVE_INFINITY);
    return makeInt(f(args.map(castInt)));
  };

const floats =
  (name: string, min: number, f: (xs: number[]) => number): Builtin =>
  (args) => {
    arity(name, args, min, Number.POSITIVE_INFINITY);
    return dec(f(args.map(castFloat)));
  };

function intDiv(name: string, a: number, b: number): number {
  if (b === 0) fault(`${name}: integer divide by zero`);
  return Math.trunc(a / b);
}

function untilStep(start: number, stop: number, step: number, charge: (n: number) => void): number[] {
  if (step === 0 || (step > 0 && start >= stop) || (step < 0 && start <= stop)) return [];
  const n = Math.ceil((stop - start) / step);
  if (n > LIMITS.maxArrayLength) fault('until: range too large');
  charge(n);
  return Array.from({ length: n }, (_, i) => start + i * step);
}

/** sprig's integer math (cast leniently, like spf13/cast) and float math. */
export const SPRIG_MATH: Record<string, Builtin> = {
  add: ints('add', 0, (xs) => xs.reduce((a, b) => a + b, 0)),
  add1: ints('add1', 1, ([a = 0]) => a + 1),
  sub: ints('sub', 2, ([a = 0, b = 0]) => a - b),
  mul: ints('mul', 1, (xs) => xs.reduce((a, b) => makeInt(a * b), 1)),
  div: ints('div', 2, ([a = 0, b = 0]) => intDiv('div', a, b)),
  mod: ints('mod', 2, ([a = 0, b = 0]) => {
    if (b === 0) fault('mod: integer divide by zero');
    return a % b || 0;
  }),
  max: ints('max', 1, (xs) => Math.max(...xs)),
  biggest: ints('biggest', 1, (xs) => Math.max(...xs)),
  min: ints('min', 1, (xs) => Math.min(...xs)),
  addf: floats('addf', 0, (xs) => xs.reduce((a, b) => a + b, 0)),
  add1f: floats('add1f', 1, ([a = 0]) => a + 1),
  subf: floats('subf', 1, ([a = 0, ...rest]) => rest.reduce((x, y) => x - y, a)),
  mulf: floats('mulf', 1, (xs) => xs.reduce((a, b) => a * b, 1)),
  divf: floats('divf', 1, ([a = 0, ...rest]) => rest.reduce((x, y) => x / y, a)),
  maxf: floats('maxf', 1, (xs) => Math.max(...xs)),
  minf: floats('minf', 1, (xs) => Math.min(...xs)),
  floor: floats('floor', 1, ([a = 0]) => Math.floor(a)),
  ceil: floats('ceil', 1, ([a = 0]) => Math.ceil(a)),
  round: (args) => {
    arity('round', args, 2, 3);
    const val = castFloat(args[0]);
    const p = castInt(args[1]);
    const roundOn = args.length === 3 ? castFloat(args[2]) : 0.5;
    const pow = 10 ** p;
    const digit = pow * val;
    const frac = digit - Math.trunc(digit);
    const rounded = frac >= roundOn ? Math.ceil(digit) : Math.floor(digit);
    return new Float(rounded / pow);
  },
  int: (args) => {
    arity('int', args, 1);
    return castInt(args[0]);
  },
  int64: (args) => {
    arity('int64', args, 1);
    return castInt(args[0]);
  },
  float64: (args) => {
    arity('float64', args, 1);
    return new Float(castFloat(args[0]));
  },
  atoi: (args) => {
    arity('atoi', args, 1);
    const v = args[0];
    if (typeof v !== 'string') return fault('invalid argument for atoi (expected string)');
    return parseGoInt(v) ?? 0;
  },
  until: (args, ctx) => {
    arity('until', args, 1);
    const n = intArg('until', args, 0);
    return untilStep(0, n, n < 0 ? -1 : 1, (k) => ctx.charge(k));
  },
  untilStep: (args, ctx) => {
    arity('untilStep', args, 3);
    const [a, b, c] = [0, 1, 2].map((i) => intArg('untilStep', args, i)) as [number, number, number];
    return untilStep(a, b, c, (k) => ctx.charge(k));
  },
};
