/**
 * govaluate's token-level checks, run before planning: parenthesis balance and the table of
 * which token kind may follow which (lexerState.go), including "Unexpected end of expression".
 */
import { ExpressionError } from '../../errors/index.js';
import type { Token, TokenKind } from './govaluate-lexer.js';

type State = TokenKind | 'START';

const VALUES: TokenKind[] = ['NUMERIC', 'BOOLEAN', 'VARIABLE', 'PATTERN', 'ACCESSOR', 'STRING', 'TIME'];
const AFTER_VALUE: TokenKind[] = [
  'MODIFIER',
  'COMPARATOR',
  'LOGICALOP',
  'CLAUSE_CLOSE',
  'TERNARY',
  'SEPARATOR',
];

const NEXT: Record<State, ReadonlySet<TokenKind>> = {
  START: new Set(['PREFIX', ...VALUES, 'CLAUSE']),
  CLAUSE: new Set(['PREFIX', ...VALUES, 'CLAUSE', 'CLAUSE_CLOSE']),
  CLAUSE_CLOSE: new Set([
    'COMPARATOR',
    'MODIFIER',
    'NUMERIC',
    'BOOLEAN',
    'VARIABLE',
    'STRING',
    'PATTERN',
    'TIME',
    'CLAUSE',
    'CLAUSE_CLOSE',
    'LOGICALOP',
    'TERNARY',
    'SEPARATOR',
  ]),
  NUMERIC: new Set(AFTER_VALUE),
  BOOLEAN: new Set(AFTER_VALUE),
  STRING: new Set(AFTER_VALUE),
  VARIABLE: new Set(AFTER_VALUE),
  TIME: new Set(['MODIFIER', 'COMPARATOR', 'LOGICALOP', 'CLAUSE_CLOSE', 'SEPARATOR']),
  PATTERN: new Set(['MODIFIER', 'COMPARATOR', 'LOGICALOP', 'CLAUSE_CLOSE', 'SEPARATOR']),
  MODIFIER: new Set([
    'PREFIX',
    'NUMERIC',
    'VARIABLE',
    'ACCESSOR',
    'STRING',
    'BOOLEAN',
    'CLAUSE',
    'CLAUSE_CLOSE',
  ]),
  COMPARATOR: new Set(['PREFIX', ...VALUES, 'CLAUSE', 'CLAUSE_CLOSE']),
  LOGICALOP: new Set([
    'PREFIX',
    'NUMERIC',
    'BOOLEAN',
    'VARIABLE',
    'ACCESSOR',
    'STRING',
    'TIME',
    'CLAUSE',
    'CLAUSE_CLOSE',
  ]),
  PREFIX: new Set(['NUMERIC', 'BOOLEAN', 'VARIABLE', 'ACCESSOR', 'CLAUSE', 'CLAUSE_CLOSE']),
  TERNARY: new Set([
    'PREFIX',
    'NUMERIC',
    'BOOLEAN',
    'STRING',
    'TIME',
    'VARIABLE',
    'ACCESSOR',
    'CLAUSE',
    'SEPARATOR',
  ]),
  ACCESSOR: new Set(['CLAUSE', ...AFTER_VALUE]),
  SEPARATOR: new Set(['PREFIX', 'NUMERIC', 'BOOLEAN', 'STRING', 'TIME', 'VARIABLE', 'ACCESSOR', 'CLAUSE']),
};

const CAN_END = new Set<State>([
  'CLAUSE_CLOSE',
  'NUMERIC',
  'BOOLEAN',
  'STRING',
  'TIME',
  'PATTERN',
  'VARIABLE',
  'ACCESSOR',
]);

function show(token: Token | undefined): string {
  if (!token) return '';
  const value = Array.isArray(token.value) ? token.value.join('.') : String(token.value);
  return `${token.kind} [${value}]`;
}

export function checkSyntax(tokens: Token[], source: string): void {
  let depth = 0;
  for (const token of tokens) {
    if (token.kind === 'CLAUSE') depth++;
    if (token.kind === 'CLAUSE_CLOSE') depth--;
  }
  if (depth !== 0) throw new ExpressionError('Unbalanced parenthesis', source);

  let state: State = 'START';
  let last: Token | undefined;
  for (const token of tokens) {
    if (!NEXT[state].has(token.kind)) {
      if (last?.kind === 'VARIABLE' && token.kind === 'CLAUSE') {
        throw new ExpressionError(`Undefined function ${String(last.value)}`, source, token.pos);
      }
      throw new ExpressionError(
        `Cannot transition token types from ${state === 'START' ? 'UNKNOWN' : show(last)} to ${show(token)}`,
        source,
        token.pos,
      );
    }
    state = token.kind;
    last = token;
  }
  if (!CAN_END.has(state)) throw new ExpressionError('Unexpected end of expression', source);
}
