/**
 * JSONPath filter selectors, `[?( ... )]`: comparisons of `@`-relative paths with literals or other
 * paths (`== != < <= > >=`), a bare `@.path` for existence, `!`, `&&`, `||` and parentheses —
 * what PaesslerAG/jsonpath (Argo's `jsonpath` function) evaluates in filters.
 */
import { fault } from './fault.js';
import { getOwn, isMap, isNumber, num, type Value } from './values.js';

type Operand = { kind: 'path'; keys: string[] } | { kind: 'literal'; value: Value };
type Filter =
  | { kind: 'exists'; keys: string[] }
  | { kind: 'compare'; op: string; left: Operand; right: Operand }
  | { kind: 'not'; operand: Filter }
  | { kind: 'and' | 'or'; left: Filter; right: Filter };

const TOKEN =
  /\s*(?:(@(?:\.[A-Za-z0-9_$-]+|\[(?:'[^']*'|"[^"]*"|\d+)\])*)|('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)|(true|false|null)\b|(==|!=|<=|>=|&&|\|\||[<>!()]))/y;

function tokenize(source: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.length) {
    if (/^\s*$/.test(source.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(source);
    if (!m) fault(`jsonpath: invalid filter at ${at}: ${source}`);
    tokens.push(m[0].trim());
    if (tokens.length > 1000) fault('jsonpath: filter too long');
  }
  return tokens;
}

function pathKeys(token: string): string[] {
  const keys: string[] = [];
  const re = /\.([A-Za-z0-9_$-]+)|\[(?:'([^']*)'|"([^"]*)"|(\d+))\]/g;
  for (let m = re.exec(token); m; m = re.exec(token)) keys.push(m[1] ?? m[2] ?? m[3] ?? m[4] ?? '');
  return keys;
}

function operand(token: string | undefined, source: string): Operand {
  if (token === undefined) return fault(`jsonpath: filter ends early: ${source}`);
  if (token.startsWith('@')) return { kind: 'path', keys: pathKeys(token) };
  if (token.startsWith("'") || token.startsWith('"')) {
    return { kind: 'literal', value: token.slice(1, -1).replace(/\\(.)/g, '$1') };
  }
  if (token === 'true' || token === 'false') return { kind: 'literal', value: token === 'true' };
  if (token === 'null') return { kind: 'literal', value: null };
  if (/^-?\d/.test(token)) return { kind: 'literal', value: Number(token) };
  return fault(`jsonpath: unexpected ${JSON.stringify(token)} in filter: ${source}`);
}

/** Parses the text between `[?(` and `)]`. */
export function parseFilter(source: string): Filter {
  const tokens = tokenize(source);
  let i = 0;
  const peek = () => tokens[i];
  const or = (depth: number): Filter => {
    if (depth > 50) fault('jsonpath: filter nested too deeply');
    let left = and(depth);
    while (peek() === '||') {
      i++;
      left = { kind: 'or', left, right: and(depth) };
    }
    return left;
  };
  const and = (depth: number): Filter => {
    let left = unary(depth);
    while (peek() === '&&') {
      i++;
      left = { kind: 'and', left, right: unary(depth) };
    }
    return left;
  };
  const unary = (depth: number): Filter => {
    const t = peek();
    if (t === '!') {
      i++;
      return { kind: 'not', operand: unary(depth + 1) };
    }
    if (t === '(') {
      i++;
      const inner = or(depth + 1);
      if (tokens[i++] !== ')') fault(`jsonpath: missing ) in filter: ${source}`);
      return inner;
    }
    const left = operand(tokens[i++], source);
    const op = peek();
    if (op && ['==', '!=', '<', '<=', '>', '>='].includes(op)) {
      i++;
      return { kind: 'compare', op, left, right: operand(tokens[i++], source) };
    }
    if (left.kind !== 'path') fault(`jsonpath: a literal alone is not a filter: ${source}`);
    return { kind: 'exists', keys: left.keys };
  };
  const filter = or(0);
  if (i !== tokens.length) fault(`jsonpath: unexpected ${JSON.stringify(tokens[i])} in filter: ${source}`);
  return filter;
}

const MISSING = Symbol('missing');

function lookup(item: Value, keys: string[]): Value | typeof MISSING {
  let v: Value = item;
  for (const key of keys) {
    if (Array.isArray(v) && /^\d+$/.test(key)) {
      const idx = Number(key);
      if (idx >= v.length) return MISSING;
      v = v[idx] as Value;
    } else if (isMap(v) && Object.hasOwn(v, key)) v = getOwn(v, key);
    else return MISSING;
  }
  return v;
}

/** JSON numbers are boxed floats in this evaluator: compare them as plain numbers. */
function plain(v: Value): Value {
  return isNumber(v) ? num(v) : v;
}

function compare(op: string, x: Value, y: Value): boolean {
  const a = plain(x);
  const b = plain(y);
  if (op === '==') return a === b;
  if (op === '!=') return a !== b;
  const bothNumbers = typeof a === 'number' && typeof b === 'number';
  const bothStrings = typeof a === 'string' && typeof b === 'string';
  if (!bothNumbers && !bothStrings) return false;
  if (op === '<') return (a as number) < (b as number);
  if (op === '<=') return (a as number) <= (b as number);
  if (op === '>') return (a as number) > (b as number);
  return (a as number) >= (b as number);
}

export function matchesFilter(filter: Filter, item: Value): boolean {
  switch (filter.kind) {
    case 'exists':
      return lookup(item, filter.keys) !== MISSING;
    case 'not':
      return !matchesFilter(filter.operand, item);
    case 'and':
      return matchesFilter(filter.left, item) && matchesFilter(filter.right, item);
    case 'or':
      return matchesFilter(filter.left, item) || matchesFilter(filter.right, item);
    case 'compare': {
      const side = (o: Operand) => (o.kind === 'literal' ? o.value : lookup(item, o.keys));
      const a = side(filter.left);
      const b = side(filter.right);
      if (a === MISSING || b === MISSING) return false;
      return compare(filter.op, a, b);
    }
  }
}

export type { Filter };
