/**
 * Go (RE2) regular expressions for `=~` / `!~`, run in linear time: V8's experimental linear
 * engine (the `l` flag) is enabled at load, so no pattern or input can make matching backtrack
 * exponentially. RE2-only syntax is translated: leading `(?i)`/`(?s)`/`(?m)` flags, `(?P<name>`,
 * `[[:alpha:]]`-style classes, `\A` and `\z`. Back-references and look-arounds are rejected, as RE2
 * rejects them. If the linear engine is unavailable, patterns with nested repetition are refused.
 */
import v8 from 'node:v8';
import { ExpressionError } from '../../errors/index.js';

export interface Matcher {
  test(input: string): boolean;
}

/** V8's linear-time engine flag (a variable so linters keep the RegExp constructor). */
const LINEAR_FLAG = 'l';

let linearAvailable: boolean | undefined;

function hasLinearEngine(): boolean {
  if (linearAvailable === undefined) {
    try {
      v8.setFlagsFromString('--enable-experimental-regexp-engine');
      linearAvailable = new RegExp('a', LINEAR_FLAG).test('a');
    } catch {
      linearAvailable = false;
    }
  }
  return linearAvailable;
}

const POSIX_CLASSES: Record<string, string> = {
  alpha: 'A-Za-z',
  digit: '0-9',
  alnum: '0-9A-Za-z',
  upper: 'A-Z',
  lower: 'a-z',
  space: '\\t\\n\\v\\f\\r ',
  xdigit: '0-9A-Fa-f',
  word: '0-9A-Za-z_',
  punct: '!-\\/:-@\\[-`{-~',
  blank: '\\t ',
  cntrl: '\\x00-\\x1f\\x7f',
  print: ' -~',
  graph: '!-~',
  ascii: '\\x00-\\x7f',
};

function translate(pattern: string): { body: string; flags: string } {
  let body = pattern;
  let flags = '';
  const lead = /^\(\?([imsU]+)\)/.exec(body);
  if (lead) {
    const f = lead[1] ?? '';
    if (f.includes('U')) throw new Error('the U (ungreedy) flag is not supported');
    flags = [...new Set(f)].join('');
    body = body.slice(lead[0].length);
  }
  body = body
    .replace(/\(\?P</g, '(?<')
    .replace(/\[:(\^?)([a-z]+):\]/g, (whole, neg: string, name: string) => {
      const cls = POSIX_CLASSES[name];
      if (!cls) return whole;
      if (neg) throw new Error(`negated class [:^${name}:] is not supported`);
      return cls;
    })
    .replace(/\\A/g, '^')
    .replace(/\\z/g, '$');
  if (/\(\?[=!]|\(\?<[=!]|\\[1-9]|\\k</.test(body)) throw new Error('invalid or unsupported Perl syntax');
  return { body, flags };
}

const NESTED_REPETITION = /\([^()]*(?:[*+]|\{\d)[^()]*\)\s*(?:[*+?]|\{\d)/;

export function compileGoRegexp(pattern: string, source: string): Matcher {
  try {
    const { body, flags } = translate(pattern);
    if (hasLinearEngine()) return new RegExp(body, `${flags}${LINEAR_FLAG}`);
    if (NESTED_REPETITION.test(body)) throw new Error('nested repetition is not supported');
    return new RegExp(body, flags);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new ExpressionError(`Unable to compile regexp pattern '${pattern}': ${detail}`, source);
  }
}
