import { ExpressionError } from '../../errors/index.js';

export type TokenKind = 'number' | 'string' | 'ident' | 'pointer' | 'op' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Operator text, identifier name, decoded string, number text, or pointer name ('' for `#`). */
  value: string;
  pos: number;
}

/** Operators, longest first so that `**` wins over `*`. */
const OPERATORS = [
  '...',
  '**',
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '??',
  '?.',
  '..',
  '+',
  '-',
  '*',
  '/',
  '%',
  '^',
  '<',
  '>',
  '!',
  '?',
  ':',
  '.',
  ',',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  '|',
  ';',
  '=',
];

const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isIdentStart = (c: string): boolean => /[A-Za-z_$]/.test(c) || (c > '\x7f' && /\p{L}/u.test(c));
const isIdentPart = (c: string): boolean => isIdentStart(c) || isDigit(c);

/** Splits source into tokens; throws ExpressionError on a bad character, string or number. */
export function lex(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const fail = (reason: string, pos: number): never => {
    throw new ExpressionError(reason, source, pos);
  };
  while (i < source.length) {
    const c = source.charAt(i);
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (source.startsWith('//', i)) {
      const end = source.indexOf('\n', i);
      i = end < 0 ? source.length : end;
    } else if (source.startsWith('/*', i)) {
      const end = source.indexOf('*/', i + 2);
      if (end < 0) fail('unterminated comment', i);
      i = end + 2;
    } else if (isDigit(c) || (c === '.' && isDigit(source.charAt(i + 1)))) {
      const start = i;
      i = scanNumber(source, i, fail);
      tokens.push({ kind: 'number', value: source.slice(start, i), pos: start });
    } else if (c === '"' || c === "'") {
      const start = i;
      const [value, end] = scanQuoted(source, i, fail);
      i = end;
      tokens.push({ kind: 'string', value, pos: start });
    } else if (c === '`') {
      const end = source.indexOf('`', i + 1);
      if (end < 0) fail('unterminated string', i);
      tokens.push({ kind: 'string', value: source.slice(i + 1, end), pos: i });
      i = end + 1;
    } else if (c === '#') {
      const start = i;
      i++;
      while (i < source.length && isIdentPart(source.charAt(i))) i++;
      tokens.push({ kind: 'pointer', value: source.slice(start + 1, i), pos: start });
    } else if (isIdentStart(c)) {
      const start = i;
      while (i < source.length && isIdentPart(source.charAt(i))) i++;
      tokens.push({ kind: 'ident', value: source.slice(start, i), pos: start });
    } else {
      const op = OPERATORS.find((o) => source.startsWith(o, i));
      if (op === undefined || op === '...') fail(`unexpected character ${JSON.stringify(c)}`, i);
      tokens.push({ kind: 'op', value: op as string, pos: i });
      i += (op as string).length;
    }
  }
  tokens.push({ kind: 'eof', value: '', pos: source.length });
  return tokens;
}

function scanNumber(source: string, i: number, fail: (r: string, p: number) => never): number {
  const start = i;
  const prefix = source.slice(i, i + 2).toLowerCase();
  if (prefix === '0x' || prefix === '0o' || prefix === '0b') {
    i += 2;
    while (i < source.length && /[0-9a-fA-F_]/.test(source.charAt(i))) i++;
  } else {
    while (i < source.length && (isDigit(source.charAt(i)) || source.charAt(i) === '_')) i++;
    // A '.' followed by another '.' is the range operator, not a fraction.
    if (source.charAt(i) === '.' && source.charAt(i + 1) !== '.') {
      i++;
      while (i < source.length && (isDigit(source.charAt(i)) || source.charAt(i) === '_')) i++;
    }
    if (source.charAt(i) === 'e' || source.charAt(i) === 'E') {
      i++;
      if (source.charAt(i) === '+' || source.charAt(i) === '-') i++;
      if (!isDigit(source.charAt(i))) fail('invalid number exponent', start);
      while (i < source.length && isDigit(source.charAt(i))) i++;
    }
  }
  if (isIdentPart(source.charAt(i))) fail(`invalid number ${source.slice(start, i + 1)}`, start);
  return i;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
};

function scanQuoted(source: string, i: number, fail: (r: string, p: number) => never): [string, number] {
  const quote = source.charAt(i);
  const start = i;
  i++;
  let out = '';
  while (true) {
    if (i >= source.length) fail('literal not terminated', start);
    const c = source.charAt(i);
    if (c === quote) return [out, i + 1];
    if (c === '\n') fail('literal not terminated', start);
    if (c !== '\\') {
      out += c;
      i++;
      continue;
    }
    const e = source.charAt(i + 1);
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      out += simple;
      i += 2;
      continue;
    }
    const width = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (width > 0) {
      const hex = source.slice(i + 2, i + 2 + width);
      if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(hex)) fail('invalid escape sequence', i);
      const code = Number.parseInt(hex, 16);
      if (code > 0x10ffff) fail('invalid escape sequence', i);
      out += String.fromCodePoint(code);
      i += 2 + width;
      continue;
    }
    const oct = source.slice(i + 1, i + 4);
    if (/^[0-7]{3}$/.test(oct)) {
      out += String.fromCharCode(Number.parseInt(oct, 8) & 0xff);
      i += 4;
      continue;
    }
    fail('invalid escape sequence', i);
  }
}
