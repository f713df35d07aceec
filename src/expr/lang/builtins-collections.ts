import { arity, arrArg, intArg, mapArg, optional, strArg } from './args.js';
import { fault } from './fault.js';
import { LIMITS } from './limits.js';
import { compareValues } from './predicates.js';
import type { Builtin } from './registry.js';
import {
  arrayItems,
  capString,
  equal,
  Float,
  getOwn,
  goTypeName,
  isMap,
  isNil,
  isNumber,
  makeMap,
  mapEntries,
  num,
  type Value,
} from './values.js';

function numbersOf(name: string, args: Value[]): Value[] {
  const out: Value[] = [];
  const add = (v: Value, depth: number): void => {
    if (Array.isArray(v) && depth < 2) {
      for (const x of arrayItems(v)) add(x, depth + 1);
    } else if (isNumber(v)) out.push(v);
    else fault(`invalid argument for ${name} (type ${goTypeName(v)})`);
  };
  for (const a of args) add(a, 0);
  return out;
}

function extreme(name: string, pick: (c: number) => boolean): Builtin {
  return (args, ctx) => {
    const nums = numbersOf(name, args);
    ctx.charge(nums.length);
    if (nums.length === 0) return fault(`not enough arguments to call ${name}`);
    return nums.reduce((best, v) => (pick(num(v as number) - num(best as number)) ? v : best));
  };
}

function flatten(v: unknown[], depth: number, out: Value[]): Value[] {
  if (depth > LIMITS.maxValueDepth) fault('value nested too deeply');
  for (const x of arrayItems(v)) {
    if (Array.isArray(x)) flatten(x, depth + 1, out);
    else out.push(x);
  }
  return out;
}

/** expr's array and map builtins (those without a predicate). */
export const COLLECTION_BUILTINS: Record<string, Builtin> = {
  len: (args, ctx) => {
    arity('len', args, 1);
    const v = args[0];
    if (typeof v === 'string') {
      ctx.charge(Math.ceil(v.length / 64));
      return [...v].length;
    }
    if (Array.isArray(v)) return v.length;
    if (isMap(v)) return Object.keys(v).length;
    return fault(`invalid argument for len (type ${goTypeName(v)})`);
  },
  first: (args) => {
    arity('first', args, 1);
    if (isNil(args[0])) return null;
    const a = arrArg('first', args, 0);
    return a.length > 0 ? arrayItems(a)[0] : null;
  },
  last: (args) => {
    arity('last', args, 1);
    if (isNil(args[0])) return null;
    const a = arrArg('last', args, 0);
    return a.length > 0 ? arrayItems(a)[a.length - 1] : null;
  },
  take: (args) => {
    arity('take', args, 2);
    const n = intArg('take', args, 1);
    return arrayItems(arrArg('take', args, 0)).slice(0, Math.max(n, 0));
  },
  get: (args) => {
    arity('get', args, 2);
    const [v, k] = args;
    if (isMap(v)) return typeof k === 'string' ? getOwn(v, k) : null;
    if (Array.isArray(v) && typeof k === 'number') {
      const i = k < 0 ? k + v.length : k;
      return i >= 0 && i < v.length ? arrayItems(v)[i] : null;
    }
    return null;
  },
  keys: (args) => {
    arity('keys', args, 1);
    return Object.keys(mapArg('keys', args, 0));
  },
  values: (args) => {
    arity('values', args, 1);
    return mapEntries(mapArg('values', args, 0)).map(([, v]) => v);
  },
  toPairs: (args) => {
    arity('toPairs', args, 1);
    return mapEntries(mapArg('toPairs', args, 0)).map(([k, v]) => [k, v]);
  },
  fromPairs: (args) => {
    arity('fromPairs', args, 1);
    return makeMap(
      arrayItems(arrArg('fromPairs', args, 0)).map((p) => {
        if (!Array.isArray(p) || p.length !== 2 || typeof p[0] !== 'string')
          return fault('fromPairs needs [key, value] pairs');
        return [p[0], arrayItems(p)[1]] as const;
      }),
    );
  },
  join: (args, ctx) => {
    arity('join', args, 1, 2);
    const items = arrayItems(arrArg('join', args, 0));
    const sep = optional(args, 1, () => strArg('join', args, 1), '');
    ctx.charge(items.length);
    return capString(
      items
        .map((v) => (typeof v === 'string' ? v : fault(`invalid argument for join (type ${goTypeName(v)})`)))
        .join(sep),
    );
  },
  max: extreme('max', (c) => c > 0),
  min: extreme('min', (c) => c < 0),
  mean: (args, ctx) => {
    const nums = numbersOf('mean', args);
    ctx.charge(nums.length);
    if (nums.length === 0) return new Float(0);
    return new Float(nums.reduce((s: number, v) => s + num(v as number), 0) / nums.length);
  },
  median: (args, ctx) => {
    const nums = numbersOf('median', args).map((v) => num(v as number));
    ctx.charge(nums.length);
    if (nums.length === 0) return new Float(0);
    nums.sort((a, b) => a - b);
    const mid = Math.floor(nums.length / 2);
    const m = nums.length % 2 ? (nums[mid] ?? 0) : ((nums[mid - 1] ?? 0) + (nums[mid] ?? 0)) / 2;
    return new Float(m);
  },
  sort: (args, ctx) => {
    arity('sort', args, 1, 2);
    const items = arrayItems(arrArg('sort', args, 0));
    const order = optional(args, 1, () => strArg('sort', args, 1), 'asc');
    if (order !== 'asc' && order !== 'desc') return fault(`unknown order ${order}, use asc or desc`);
    ctx.charge(items.length * Math.max(1, Math.ceil(Math.log2(items.length + 1))));
    return items.sort((a, b) => compareValues(a, b) * (order === 'desc' ? -1 : 1));
  },
  reverse: (args) => {
    arity('reverse', args, 1);
    return arrayItems(arrArg('reverse', args, 0)).reverse();
  },
  uniq: (args, ctx) => {
    arity('uniq', args, 1);
    const items = arrayItems(arrArg('uniq', args, 0));
    ctx.charge(items.length * items.length);
    return items.filter((v, i) => items.findIndex((w) => equal(v, w)) === i);
  },
  concat: (args, ctx) => {
    const out: Value[] = [];
    args.forEach((_, i) => {
      out.push(...arrayItems(arrArg('concat', args, i)));
    });
    ctx.charge(out.length);
    if (out.length > LIMITS.maxArrayLength) fault('array too large');
    return out;
  },
  flatten: (args, ctx) => {
    arity('flatten', args, 1);
    const out = flatten(arrArg('flatten', args, 0), 0, []);
    ctx.charge(out.length);
    return out;
  },
  abs: (args) => {
    arity('abs', args, 1);
    const v = args[0];
    if (typeof v === 'number') return Math.abs(v);
    if (v instanceof Float) return new Float(Math.abs(v.v));
    return fault(`invalid argument for abs (type ${goTypeName(v)})`);
  },
  ceil: floatFn('ceil', Math.ceil),
  floor: floatFn('floor', Math.floor),
  round: floatFn('round', (x) => Math.sign(x) * Math.round(Math.abs(x))),
};

function floatFn(name: string, f: (x: number) => number): Builtin {
  return (args) => {
    arity(name, args, 1);
    const v = args[0];
    if (!isNumber(v)) return fault(`invalid argument for ${name} (type ${goTypeName(v)})`);
    return new Float(f(num(v)));
  };
}
