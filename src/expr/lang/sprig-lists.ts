import { arity, arrArg, checked, mapArg, strArg } from './args.js';
import { isEmpty } from './conversions.js';
import { fault } from './fault.js';
import { LIMITS } from './limits.js';
import type { Builtin } from './registry.js';
import { strval } from './sprig-strings.js';
import {
  arrayItems,
  type ExprMap,
  equal,
  getOwn,
  isMap,
  isNil,
  makeMap,
  mapEntries,
  type Value,
} from './values.js';

function list(name: string, v: Value): Value[] {
  if (Array.isArray(v)) return arrayItems(v);
  return fault(`Cannot ${name} on type ${isNil(v) ? '<nil>' : typeof v}`);
}

function copy(map: ExprMap): ExprMap {
  return makeMap(mapEntries(map));
}

/** sprig's list and dict functions. Mutating ones (set, unset, append) return copies. */
export const SPRIG_LISTS: Record<string, Builtin> = {
  list: (args) => [...args],
  first: checked('first', [1], (args) => list('find first', args[0])[0] ?? null),
  last: (args) => {
    arity('last', args, 1);
    const l = list('find last', args[0]);
    return l[l.length - 1] ?? null;
  },
  rest: checked('rest', [1], (args) => list('find rest', args[0]).slice(1)),
  initial: checked('initial', [1], (args) => list('find initial', args[0]).slice(0, -1)),
  append: checked('append', [2], (args) => [...list('append', args[0]), args[1]]),
  push: checked('push', [2], (args) => [...list('push', args[0]), args[1]]),
  prepend: checked('prepend', [2], (args) => [args[1], ...list('prepend', args[0])]),
  concat: (args, ctx) => {
    const out = args.flatMap((a) => list('concat', a));
    ctx.charge(out.length);
    if (out.length > LIMITS.maxArrayLength) fault('array too large');
    return out;
  },
  reverse: checked('reverse', [1], (args) => list('reverse', args[0]).reverse()),
  uniq: (args, ctx) => {
    arity('uniq', args, 1);
    const l = list('uniq', args[0]);
    ctx.charge(l.length * l.length);
    return l.filter((v, i) => l.findIndex((w) => equal(v, w)) === i);
  },
  without: (args, ctx) => {
    arity('without', args, 1, Number.POSITIVE_INFINITY);
    const l = list('without', args[0]);
    ctx.charge(l.length * args.length);
    return l.filter((v) => !args.slice(1).some((o) => equal(v, o)));
  },
  has: checked('has', [2], (args) =>
    isNil(args[1]) ? false : list('has', args[1]).some((v) => equal(v, args[0])),
  ),
  compact: checked('compact', [1], (args) => list('compact', args[0]).filter((v) => !isEmpty(v))),
  sortAlpha: (args, ctx) => {
    arity('sortAlpha', args, 1);
    const l = Array.isArray(args[0]) ? list('sortAlpha', args[0]).map(strval) : [strval(args[0])];
    ctx.charge(l.length * Math.max(1, Math.ceil(Math.log2(l.length + 1))));
    return l.sort();
  },
  dict: (args) => {
    const entries: [string, Value][] = [];
    for (let i = 0; i < args.length; i += 2)
      entries.push([strval(args[i]), i + 1 < args.length ? args[i + 1] : '']);
    return makeMap(entries);
  },
  get: (args) => {
    arity('get', args, 2);
    const d = mapArg('get', args, 0);
    const k = strArg('get', args, 1);
    return Object.hasOwn(d, k) ? getOwn(d, k) : '';
  },
  set: (args) => {
    arity('set', args, 3);
    const d = copy(mapArg('set', args, 0));
    d[strArg('set', args, 1)] = args[2];
    return d;
  },
  unset: (args) => {
    arity('unset', args, 2);
    const d = copy(mapArg('unset', args, 0));
    delete d[strArg('unset', args, 1)];
    return d;
  },
  hasKey: checked('hasKey', [2], (args) =>
    Object.hasOwn(mapArg('hasKey', args, 0), strArg('hasKey', args, 1)),
  ),
  keys: (args) => args.flatMap((_, i) => Object.keys(mapArg('keys', args, i))),
  values: checked('values', [1], (args) => mapEntries(mapArg('values', args, 0)).map(([, v]) => v)),
  pick: (args) => {
    const d = mapArg('pick', args, 0);
    const wanted = new Set(args.slice(1).map(strval));
    return makeMap(mapEntries(d).filter(([k]) => wanted.has(k)));
  },
  omit: (args) => {
    const d = mapArg('omit', args, 0);
    const dropped = new Set(args.slice(1).map(strval));
    return makeMap(mapEntries(d).filter(([k]) => !dropped.has(k)));
  },
  pluck: (args) => {
    const k = strArg('pluck', args, 0);
    return args
      .slice(1)
      .filter((d): d is ExprMap => isMap(d) && Object.hasOwn(d, k))
      .map((d) => getOwn(d, k));
  },
  merge: (args) => {
    const out = copy(mapArg('merge', args, 0));
    for (let i = 1; i < args.length; i++) {
      for (const [k, v] of mapEntries(mapArg('merge', args, i))) if (!Object.hasOwn(out, k)) out[k] = v;
    }
    return out;
  },
  slice: (args) => {
    arity('slice', args, 1, 3);
    const l = arrArg('slice', args, 0);
    const from = args.length > 1 ? Number(args[1]) : 0;
    const to = args.length > 2 ? Number(args[2]) : l.length;
    if (!(from >= 0 && to <= l.length && from <= to)) return fault('slice bounds out of range');
    return arrayItems(l).slice(from, to);
  },
};
