import { fault } from './fault.js';
import { LIMITS } from './limits.js';

const cache = new Map<string, RegExp>();

/**
 * Compiles an RE2-style pattern (as Go's regexp accepts) into a JS RegExp, refusing what RE2 refuses
 * (backreferences, lookaround) and what could backtrack catastrophically in JS (a quantified group
 * that itself contains a quantifier or an alternation, like `(a+)+` or `(a|a)*`).
 */
export function compileRegex(pattern: string, flags = ''): RegExp {
  const key = `${flags}/${pattern}`;
  const hit = cache.get(key);
  if (hit) return hit;
  if (pattern.length > LIMITS.maxRegexLength)
    fault(`regular expression longer than ${LIMITS.maxRegexLength}`);
  let source = pattern;
  let allFlags = flags;
  const inline = /^\(\?([imsU]+)\)/.exec(source);
  if (inline) {
    for (const f of inline[1] ?? '') {
      if (f === 'U') fault('regex flag U is not supported');
      if (!allFlags.includes(f)) allFlags += f;
    }
    source = source.slice(inline[0].length);
  }
  source = source
    .replace(/\(\?P</g, '(?<')
    .replace(/\\z/g, '$')
    .replace(/\\A/g, '^');
  checkSafe(source);
  let re: RegExp;
  try {
    re = new RegExp(source, allFlags);
  } catch (e) {
    return fault(`invalid regular expression: ${(e as Error).message}`);
  }
  if (cache.size > 500) cache.clear();
  cache.set(key, re);
  return re;
}

function checkSafe(source: string): void {
  if (/\\[1-9]|\\k</.test(source)) fault('regex backreferences are not supported');
  if (/\(\?<?[=!]/.test(source)) fault('regex lookaround is not supported');
  // Walk groups: for each group, note whether it contains a quantifier or alternation.
  const stack: { risky: boolean }[] = [];
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source.charAt(i);
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
    } else if (c === '(') {
      stack.push({ risky: false });
    } else if (c === ')') {
      const group = stack.pop();
      const next = source.charAt(i + 1);
      const quantified = next === '*' || next === '+' || next === '{';
      if (group?.risky && quantified) {
        fault('regex with a repeated group containing a quantifier or alternation is not supported');
      }
      const parent = stack[stack.length - 1];
      if (parent && group?.risky) parent.risky = true;
    } else if (c === '*' || c === '+' || c === '?' || c === '{' || c === '|') {
      const top = stack[stack.length - 1];
      if (top && !(c === '?' && source.charAt(i - 1) === '(')) top.risky = true;
    }
  }
}

/** Tests a subject against a pattern, bounding the subject length. */
export function regexTest(pattern: string, subject: string): boolean {
  if (subject.length > LIMITS.maxStringLength) fault('string too long for regular expression matching');
  return compileRegex(pattern).test(subject);
}
