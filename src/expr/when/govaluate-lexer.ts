/**
 * A lexer with govaluate's rules (the version Argo pins): whitespace ends every token except
 * strings; `\` escapes the next character anywhere; numbers are digits and dots (or 0x hex);
 * a bare word is letters, digits, `_` and `.`; `[...]` is an escaped variable; `'` and `"` both
 * open and close strings; operator symbols are runs of the remaining characters.
 */
import { ExpressionError } from '../../errors/index.js';
import { parseGovaluateTime } from './govaluate-time.js';

export type TokenKind =
  | 'PREFIX'
  | 'NUMERIC'
  | 'BOOLEAN'
  | 'STRING'
  | 'PATTERN'
  | 'TIME'
  | 'VARIABLE'
  | 'ACCESSOR'
  | 'SEPARATOR'
  | 'COMPARATOR'
  | 'LOGICALOP'
  | 'MODIFIER'
  | 'CLAUSE'
  | 'CLAUSE_CLOSE'
  | 'TERNARY';

export interface Token {
  kind: TokenKind;
  /** number for NUMERIC/TIME, boolean for BOOLEAN, path for ACCESSOR, text otherwise. */
  value: string | number | boolean | string[];
  pos: number;
}

export const PREFIX_SYMBOLS = new Set(['-', '!', '~']);
export const MODIFIER_SYMBOLS = new Set(['+', '-', '*', '/', '%', '**', '&', '|', '^', '>>', '<<']);
export const LOGICAL_SYMBOLS = new Set(['&&', '||']);
export const COMPARATOR_SYMBOLS = new Set(['==', '!=', '>', '>=', '<', '<=', '=~', '!~', 'in']);
export const TERNARY_SYMBOLS = new Set(['?', ':', '??']);

/** Token kinds after which `-`, `!` and `~` are prefix operators. */
const PREFIX_ALLOWED_AFTER = new Set<TokenKind | 'START'>([
  'START',
  'CLAUSE',
  'MODIFIER',
  'COMPARATOR',
  'LOGICALOP',
  'TERNARY',
  'SEPARATOR',
]);

const SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/u;
const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;
const isSpace = (c: string) => SPACE.test(c);
const isLetter = (c: string) => LETTER.test(c);
const isDigit = (c: string) => DIGIT.test(c);
const isNumeric = (c: string) => isDigit(c) || c === '.';
const isQuote = (c: string) => c === "'" || c === '"';
const isVariableChar = (c: string) => isLetter(c) || isDigit(c) || c === '_' || c === '.';
const isHexDigit = (c: string) => isDigit(c) || /^[a-fA-F]$/.test(c);
const isSymbolChar = (c: string) =>
  !(isDigit(c) || isLetter(c) || c === '(' || c === ')' || c === '[' || c === ']' || isQuote(c));

/** Go's strconv.ParseFloat for the texts the lexer can produce. */
function parseFloat64(text: string): number | undefined {
  if (!/^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

class Stream {
  pos = 0;
  constructor(
    readonly chars: string[],
    readonly source: string,
  ) {}
  canRead(): boolean {
    return this.pos < this.chars.length;
  }
  read(): string {
    const c = this.chars[this.pos];
    if (c === undefined) throw new ExpressionError('unexpected end of expression', this.source, this.pos);
    this.pos++;
    return c;
  }
  /** govaluate's readUntilFalse; returns the text and whether a terminator was met. */
  readUntil(includeSpace: boolean, breakSpace: boolean, accept: (c: string) => boolean): [string, boolean] {
    let out = '';
    while (this.canRead()) {
      let c = this.read();
      if (c === '\\') {
        c = this.read();
        out += c;
        continue;
      }
      if (isSpace(c)) {
        if (breakSpace && out.length > 0) return [out, true];
        if (!includeSpace) continue;
      }
      if (accept(c)) {
        out += c;
      } else {
        this.pos--;
        return [out, true];
      }
    }
    return [out, false];
  }
  /** govaluate's readTokenUntilFalse: re-reads from the current token's first character. */
  readToken(accept: (c: string) => boolean): string {
    this.pos--;
    return this.readUntil(false, true, accept)[0];
  }
}

function fail(reason: string, source: string, pos: number): never {
  throw new ExpressionError(reason, source, pos);
}

function readWord(stream: Stream, start: number): Token {
  const word = stream.readToken(isVariableChar);
  if (word === 'true' || word === 'false')
    return accessorOr({ kind: 'BOOLEAN', value: word === 'true', pos: start }, word, stream, start);
  if (word === 'in' || word === 'IN')
    return accessorOr({ kind: 'COMPARATOR', value: 'in', pos: start }, word, stream, start);
  return accessorOr({ kind: 'VARIABLE', value: word, pos: start }, word, stream, start);
}

function accessorOr(token: Token, word: string, stream: Stream, start: number): Token {
  if (word.indexOf('.') <= 0) return token;
  if (word.endsWith('.')) fail(`Hanging accessor on token '${word}'`, stream.source, start);
  const parts = word.split('.');
  for (const part of parts.slice(1)) {
    const first = [...part][0] ?? '';
    if (first.toUpperCase() !== first) {
      fail(`Unable to access unexported field '${part}' in token '${word}'`, stream.source, start);
    }
  }
  return { kind: 'ACCESSOR', value: parts, pos: start };
}

function readNumber(stream: Stream, first: string, start: number): Token {
  if (first === '0' && stream.canRead()) {
    const next = stream.read();
    if (next === 'x' && stream.canRead()) {
      const [hex] = stream.readUntil(false, true, isHexDigit);
      if (!/^[0-9a-fA-F]+$/.test(hex) || BigInt(`0x${hex}`) >= 2n ** 64n)
        fail(`Unable to parse hex value '${hex}' to uint64`, stream.source, start);
      return { kind: 'NUMERIC', value: Number(BigInt(`0x${hex}`)), pos: start };
    }
    stream.pos--;
  }
  const text = stream.readToken(isNumeric);
  const value = parseFloat64(text);
  if (value === undefined) fail(`Unable to parse numeric value '${text}' to float64`, stream.source, start);
  return { kind: 'NUMERIC', value, pos: start };
}

function readSymbol(stream: Stream, start: number, previous: TokenKind | 'START'): Token {
  const symbol = stream.readToken(isSymbolChar);
  if (PREFIX_ALLOWED_AFTER.has(previous) && PREFIX_SYMBOLS.has(symbol))
    return { kind: 'PREFIX', value: symbol, pos: start };
  if (MODIFIER_SYMBOLS.has(symbol)) return { kind: 'MODIFIER', value: symbol, pos: start };
  if (LOGICAL_SYMBOLS.has(symbol)) return { kind: 'LOGICALOP', value: symbol, pos: start };
  if (COMPARATOR_SYMBOLS.has(symbol)) return { kind: 'COMPARATOR', value: symbol, pos: start };
  if (TERNARY_SYMBOLS.has(symbol)) return { kind: 'TERNARY', value: symbol, pos: start };
  return fail(`Invalid token: '${symbol}'`, stream.source, start);
}

function readOne(stream: Stream, previous: TokenKind | 'START'): Token | undefined {
  while (stream.canRead()) {
    const start = stream.pos;
    const c = stream.read();
    if (isSpace(c)) continue;
    if (isNumeric(c)) return readNumber(stream, c, start);
    if (c === ',') return { kind: 'SEPARATOR', value: ',', pos: start };
    if (c === '[') {
      const [name, closed] = stream.readUntil(true, false, (x) => x !== ']');
      if (!closed) fail('Unclosed parameter bracket', stream.source, start);
      stream.pos++;
      return { kind: 'VARIABLE', value: name, pos: start };
    }
    if (isLetter(c)) return readWord(stream, start);
    if (isQuote(c)) {
      const [text, closed] = stream.readUntil(true, false, (x) => !isQuote(x));
      if (!closed) fail('Unclosed string literal', stream.source, start);
      stream.pos++;
      const time = parseGovaluateTime(text);
      return time === undefined
        ? { kind: 'STRING', value: text, pos: start }
        : { kind: 'TIME', value: time, pos: start };
    }
    if (c === '(') return { kind: 'CLAUSE', value: '(', pos: start };
    if (c === ')') return { kind: 'CLAUSE_CLOSE', value: ')', pos: start };
    return readSymbol(stream, start, previous);
  }
  return undefined;
}

export const MAX_SOURCE_LENGTH = 65_536;
export const MAX_TOKENS = 10_000;

/** Tokenizes a when expression; positions are in code points. Throws ExpressionError. */
export function lexGovaluate(source: string): Token[] {
  if (source.length > MAX_SOURCE_LENGTH) {
    throw new ExpressionError(`expression longer than ${MAX_SOURCE_LENGTH} characters`, source.slice(0, 200));
  }
  const stream = new Stream([...source], source);
  const tokens: Token[] = [];
  let previous: TokenKind | 'START' = 'START';
  for (;;) {
    const token = readOne(stream, previous);
    if (!token) return tokens;
    if (tokens.length >= MAX_TOKENS)
      throw new ExpressionError(`expression has more than ${MAX_TOKENS} tokens`, source.slice(0, 200));
    tokens.push(token);
    previous = token.kind;
  }
}
