import { arity, intArg, strArg } from './args.js';
import { fault } from './fault.js';
import { compileRegex } from './regex.js';
import type { Builtin } from './registry.js';
import { capString } from './values.js';

/** Go's regexp Expand template: $1, ${1}, $name, ${name}, $$. */
function expand(
  template: string,
  groups: (string | undefined)[],
  named: Record<string, string> | undefined,
): string {
  return template.replace(
    /\$(\$|\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g,
    (_, all: string, braced?: string, bare?: string) => {
      if (all === '$') return '$';
      const name = braced ?? bare ?? '';
      if (/^\d+$/.test(name)) return groups[Number(name)] ?? '';
      return named?.[name] ?? '';
    },
  );
}

function matchAll(pattern: string, s: string, n: number): RegExpExecArray[] {
  const re = compileRegex(pattern, 'g');
  re.lastIndex = 0;
  const out: RegExpExecArray[] = [];
  for (const m of s.matchAll(re)) {
    if (n >= 0 && out.length >= n) break;
    out.push(m);
  }
  return out;
}

function rs(name: string, args: unknown[], n: number): string[] {
  arity(name, args, n);
  return Array.from({ length: n }, (_, i) => strArg(name, args, i));
}

/** sprig's regex functions (regexMatch, regexFind, regexReplaceAll, ...), RE2 syntax with safety limits. */
export const SPRIG_REGEX: Record<string, Builtin> = {
  regexMatch: (args) => {
    const [re = '', s = ''] = rs('regexMatch', args, 2);
    try {
      return compileRegex(re).test(s);
    } catch {
      return false;
    }
  },
  mustRegexMatch: (args) => {
    const [re = '', s = ''] = rs('mustRegexMatch', args, 2);
    return compileRegex(re).test(s);
  },
  regexFind: (args) => {
    const [re = '', s = ''] = rs('regexFind', args, 2);
    return compileRegex(re).exec(s)?.[0] ?? '';
  },
  regexFindAll: (args, ctx) => {
    arity('regexFindAll', args, 3);
    const out = matchAll(
      strArg('regexFindAll', args, 0),
      strArg('regexFindAll', args, 1),
      intArg('regexFindAll', args, 2),
    );
    ctx.charge(out.length);
    return out.map((m) => m[0]);
  },
  regexReplaceAll: (args, ctx) => {
    const [re = '', s = '', repl = ''] = rs('regexReplaceAll', args, 3);
    ctx.charge(Math.ceil(s.length / 16));
    const r = compileRegex(re, 'g');
    r.lastIndex = 0;
    return capString(
      s.replace(r, (...m: unknown[]) => {
        const last = m[m.length - 1];
        const named =
          typeof last === 'object' && last !== null ? (last as Record<string, string>) : undefined;
        const groupCount = m.length - (named ? 3 : 2);
        return expand(repl, m.slice(0, groupCount) as (string | undefined)[], named);
      }),
    );
  },
  regexReplaceAllLiteral: (args, ctx) => {
    const [re = '', s = '', repl = ''] = rs('regexReplaceAllLiteral', args, 3);
    ctx.charge(Math.ceil(s.length / 16));
    const r = compileRegex(re, 'g');
    r.lastIndex = 0;
    return capString(s.replace(r, () => repl));
  },
  regexSplit: (args, ctx) => {
    arity('regexSplit', args, 3);
    const re = strArg('regexSplit', args, 0);
    const s = strArg('regexSplit', args, 1);
    const n = intArg('regexSplit', args, 2);
    if (n === 0) return [];
    const matches = matchAll(re, s, -1).filter(
      (m) => !(m[0] === '' && (m.index === 0 || m.index === s.length)),
    );
    ctx.charge(matches.length);
    const out: string[] = [];
    let start = 0;
    for (const m of matches) {
      if (n > 0 && out.length === n - 1) break;
      out.push(s.slice(start, m.index));
      start = m.index + m[0].length;
    }
    out.push(s.slice(start));
    return out;
  },
  regexQuoteMeta: (args) => {
    const [s = ''] = rs('regexQuoteMeta', args, 1);
    return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
  },
};

export function unsupported(name: string): Builtin {
  return () => fault(`sprig.${name} is not supported: expressions must be deterministic and sandboxed`);
}
