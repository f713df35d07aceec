import { arity, intArg, optional, strArg } from './args.js';
import { fault } from './fault.js';
import { LIMITS } from './limits.js';
import type { Builtin } from './registry.js';
import { capString } from './values.js';

/** Go's strings.SplitN (n < 0: all; n == 0: none; "" separator splits into characters). */
export function goSplit(s: string, sep: string, n: number, after = false): string[] {
  if (n === 0) return [];
  if (sep === '') {
    const chars = [...s];
    if (n < 0 || n >= chars.length) return chars;
    return [...chars.slice(0, n - 1), chars.slice(n - 1).join('')];
  }
  const out: string[] = [];
  let start = 0;
  while (n < 0 || out.length < n - 1) {
    const at = s.indexOf(sep, start);
    if (at < 0) break;
    out.push(s.slice(start, after ? at + sep.length : at));
    start = at + sep.length;
  }
  out.push(s.slice(start));
  return out;
}

/** Go's strings.Trim with a cutset. */
export function goTrim(s: string, cutset: string, left = true, right = true): string {
  const set = new Set([...cutset]);
  const chars = [...s];
  let a = 0;
  let b = chars.length;
  while (left && a < b && set.has(chars[a] as string)) a++;
  while (right && b > a && set.has(chars[b - 1] as string)) b--;
  return chars.slice(a, b).join('');
}

export function goRepeat(s: string, n: number): string {
  if (n < 0) return fault('strings: negative Repeat count');
  if (s.length * n > LIMITS.maxStringLength) fault(`string longer than ${LIMITS.maxStringLength} characters`);
  return s.repeat(n);
}

const s1 =
  (name: string, f: (s: string) => string | number | boolean): Builtin =>
  (args, ctx) => {
    arity(name, args, 1);
    const s = strArg(name, args, 0);
    ctx.charge(Math.ceil(s.length / 64));
    return f(s);
  };

const s2 =
  (name: string, f: (a: string, b: string) => string | number | boolean): Builtin =>
  (args, ctx) => {
    arity(name, args, 2);
    const a = strArg(name, args, 0);
    ctx.charge(Math.ceil(a.length / 64));
    return f(a, strArg(name, args, 1));
  };

/** expr's string builtins. */
export const STRING_BUILTINS: Record<string, Builtin> = {
  upper: s1('upper', (s) => s.toUpperCase()),
  lower: s1('lower', (s) => s.toLowerCase()),
  trim: (args, ctx) => {
    arity('trim', args, 1, 2);
    const s = strArg('trim', args, 0);
    ctx.charge(Math.ceil(s.length / 64));
    return args.length === 2 ? goTrim(s, strArg('trim', args, 1)) : s.trim();
  },
  trimPrefix: s2('trimPrefix', (s, p) => (s.startsWith(p) ? s.slice(p.length) : s)),
  trimSuffix: s2('trimSuffix', (s, p) => (p && s.endsWith(p) ? s.slice(0, s.length - p.length) : s)),
  hasPrefix: s2('hasPrefix', (s, p) => s.startsWith(p)),
  hasSuffix: s2('hasSuffix', (s, p) => s.endsWith(p)),
  indexOf: s2('indexOf', (s, p) => s.indexOf(p)),
  lastIndexOf: s2('lastIndexOf', (s, p) => s.lastIndexOf(p)),
  split: (args, ctx) => splitBuiltin('split', args, ctx.charge.bind(ctx), false),
  splitAfter: (args, ctx) => splitBuiltin('splitAfter', args, ctx.charge.bind(ctx), true),
  replace: (args, ctx) => {
    arity('replace', args, 3);
    const s = strArg('replace', args, 0);
    ctx.charge(Math.ceil(s.length / 64));
    const old = strArg('replace', args, 1);
    const repl = strArg('replace', args, 2);
    if (old === '') return capString(repl + [...s].map((c) => c + repl).join(''));
    return capString(s.split(old).join(repl));
  },
  repeat: (args, ctx) => {
    arity('repeat', args, 2);
    const s = strArg('repeat', args, 0);
    const n = intArg('repeat', args, 1);
    const out = goRepeat(s, n);
    ctx.charge(Math.ceil(out.length / 64));
    return out;
  },
  toBase64: s1('toBase64', (s) => Buffer.from(s, 'utf8').toString('base64')),
  fromBase64: s1('fromBase64', (s) => decodeBase64(s) ?? fault('illegal base64 data')),
};

function splitBuiltin(name: string, args: unknown[], charge: (n: number) => void, after: boolean): string[] {
  arity(name, args, 2, 3);
  const s = strArg(name, args, 0);
  const sep = strArg(name, args, 1);
  const n = optional(args, 2, () => intArg(name, args, 2), -1);
  charge(Math.ceil(s.length / 16));
  return goSplit(s, sep, n, after);
}

/** Strict standard base64 (with padding), as Go's base64.StdEncoding. */
export function decodeBase64(s: string): string | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) return undefined;
  return Buffer.from(s, 'base64').toString('utf8');
}
