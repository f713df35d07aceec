import { createHash } from 'node:crypto';
import { arity, intArg, strArg } from './args.js';
import { decodeBase64, goRepeat, goSplit, goTrim } from './builtins-strings.js';
import { fault } from './fault.js';
import { formatValue } from './format.js';
import type { Builtin } from './registry.js';
import { arrayItems, capString, isNil, makeMap, type Value } from './values.js';

/** sprig's strval: strings as they are, everything else with Go's %v. */
export const strval = (v: Value): string => (typeof v === 'string' ? v : formatValue(v));

/** Go's strconv.Quote, close enough: JSON escaping with Go's spellings of control characters. */
export function goQuote(s: string): string {
  return JSON.stringify(s)
    .replace(/\\u0007/g, '\\a')
    .replace(/\\u000b/g, '\\v')
    .replace(/\\u00([0-9a-f]{2})/g, '\\x$1')
    .replace(/\x7f/g, '\\x7f');
}

const one =
  (name: string, f: (s: string) => Value): Builtin =>
  (args, ctx) => {
    arity(name, args, 1);
    const s = strArg(name, args, 0);
    ctx.charge(Math.ceil(s.length / 64));
    return f(s);
  };

/** sprig functions taking (a, s) with the subject string last, as in templates: `trimPrefix "-" .s`. */
const two =
  (name: string, f: (a: string, s: string) => Value): Builtin =>
  (args, ctx) => {
    arity(name, args, 2);
    const s = strArg(name, args, 1);
    ctx.charge(Math.ceil(s.length / 64));
    return f(strArg(name, args, 0), s);
  };

function strslice(v: Value): string[] {
  if (Array.isArray(v))
    return arrayItems(v)
      .filter((x) => !isNil(x))
      .map(strval);
  if (isNil(v)) return [];
  return [strval(v)];
}

function indent(spaces: number, s: string): string {
  if (spaces < 0) fault('negative indent');
  const pad = goRepeat(' ', spaces);
  return capString(pad + s.replaceAll('\n', `\n${pad}`));
}

const title = (s: string): string =>
  s.replace(/(^|[^\p{L}\p{N}_'])(\p{L})/gu, (_, pre: string, c: string) => pre + c.toUpperCase());

/** sprig's string functions. */
export const SPRIG_STRINGS: Record<string, Builtin> = {
  trim: one('trim', (s) => s.trim()),
  upper: one('upper', (s) => s.toUpperCase()),
  lower: one('lower', (s) => s.toLowerCase()),
  title: one('title', title),
  untitle: one('untitle', (s) =>
    s.replace(/(^|[^\p{L}\p{N}_'])(\p{L})/gu, (_, p: string, c: string) => p + c.toLowerCase()),
  ),
  nospace: one('nospace', (s) => s.replace(/\s+/gu, '')),
  initials: one('initials', (s) =>
    s
      .split(/\s+/u)
      .filter(Boolean)
      .map((w) => [...w][0] ?? '')
      .join(''),
  ),
  b64enc: one('b64enc', (s) => Buffer.from(s, 'utf8').toString('base64')),
  b64dec: one('b64dec', (s) => decodeBase64(s) ?? 'illegal base64 data at input byte 0'),
  sha256sum: one('sha256sum', (s) => createHash('sha256').update(s, 'utf8').digest('hex')),
  sha1sum: one('sha1sum', (s) => createHash('sha1').update(s, 'utf8').digest('hex')),
  trimAll: two('trimAll', (cut, s) => goTrim(s, cut)),
  trimPrefix: two('trimPrefix', (p, s) => (s.startsWith(p) ? s.slice(p.length) : s)),
  trimSuffix: two('trimSuffix', (p, s) => (p && s.endsWith(p) ? s.slice(0, s.length - p.length) : s)),
  contains: two('contains', (sub, s) => s.includes(sub)),
  hasPrefix: two('hasPrefix', (p, s) => s.startsWith(p)),
  hasSuffix: two('hasSuffix', (p, s) => s.endsWith(p)),
  splitList: two('splitList', (sep, s) => goSplit(s, sep, -1)),
  split: two('split', (sep, s) => makeMap(goSplit(s, sep, -1).map((p, i) => [`_${i}`, p] as const))),
  splitn: (args) => {
    arity('splitn', args, 3);
    const parts = goSplit(strArg('splitn', args, 2), strArg('splitn', args, 0), intArg('splitn', args, 1));
    return makeMap(parts.map((p, i) => [`_${i}`, p] as const));
  },
  replace: (args, ctx) => {
    arity('replace', args, 3);
    const s = strArg('replace', args, 2);
    ctx.charge(Math.ceil(s.length / 64));
    const old = strArg('replace', args, 0);
    const repl = strArg('replace', args, 1);
    if (old === '') return capString(repl + [...s].map((c) => c + repl).join(''));
    return capString(s.split(old).join(repl));
  },
  repeat: (args) => {
    arity('repeat', args, 2);
    return goRepeat(strArg('repeat', args, 1), intArg('repeat', args, 0));
  },
  substr: (args) => {
    arity('substr', args, 3);
    const start = intArg('substr', args, 0);
    const end = intArg('substr', args, 1);
    const s = strArg('substr', args, 2);
    if (start < 0) return end < 0 || end > s.length ? fault('slice bounds out of range') : s.slice(0, end);
    if (end < 0 || end > s.length)
      return start > s.length ? fault('slice bounds out of range') : s.slice(start);
    if (start > end) return fault('slice bounds out of range');
    return s.slice(start, end);
  },
  trunc: (args) => {
    arity('trunc', args, 2);
    const c = intArg('trunc', args, 0);
    const s = strArg('trunc', args, 1);
    if (c < 0 && s.length + c > 0) return s.slice(s.length + c);
    if (c >= 0 && s.length > c) return s.slice(0, c);
    return s;
  },
  abbrev: (args) => {
    arity('abbrev', args, 2);
    const w = intArg('abbrev', args, 0);
    const s = strArg('abbrev', args, 1);
    if (w < 4) return '';
    return s.length <= w ? s : `${s.slice(0, w - 3)}...`;
  },
  plural: (args) => {
    arity('plural', args, 3);
    return intArg('plural', args, 2) === 1 ? strArg('plural', args, 0) : strArg('plural', args, 1);
  },
  indent: (args) => {
    arity('indent', args, 2);
    return indent(intArg('indent', args, 0), strArg('indent', args, 1));
  },
  nindent: (args) => {
    arity('nindent', args, 2);
    return `\n${indent(intArg('nindent', args, 0), strArg('nindent', args, 1))}`;
  },
  join: (args, ctx) => {
    arity('join', args, 2);
    const parts = strslice(args[1]);
    ctx.charge(parts.length);
    return capString(parts.join(strArg('join', args, 0)));
  },
  cat: (args, ctx) => {
    ctx.charge(args.length);
    return capString(
      args
        .filter((a) => !isNil(a))
        .map((a) => formatValue(a))
        .join(' '),
    );
  },
  quote: (args, ctx) => {
    ctx.charge(args.length);
    return capString(
      args
        .filter((a) => !isNil(a))
        .map((a) => goQuote(strval(a)))
        .join(' '),
    );
  },
  squote: (args, ctx) => {
    ctx.charge(args.length);
    return capString(
      args
        .filter((a) => !isNil(a))
        .map((a) => `'${strval(a)}'`)
        .join(' '),
    );
  },
  toString: (args: Value[]) => {
    arity('toString', args, 1);
    return strval(args[0]);
  },
  toStrings: (args) => {
    arity('toStrings', args, 1);
    return strslice(args[0]);
  },
};
