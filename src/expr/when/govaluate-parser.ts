/**
 * Parses a `when` condition the way Argo does: govaluate tokens, syntax check, then Argo's trick of
 * turning every bare word (govaluate VARIABLE) into a string literal, a second syntax check,
 * regex patterns compiled up front, and precedence parsing into a small AST.
 */
import { ExpressionError } from '../../errors/index.js';
import { compileGoRegexp, type Matcher } from './go-regexp.js';
import { lexGovaluate, type Token } from './govaluate-lexer.js';
import { checkSyntax } from './govaluate-syntax.js';

export type WhenNode =
  | { kind: 'literal'; value: number | string | boolean; depth: number }
  | { kind: 'pattern'; matcher: Matcher; source: string; depth: number }
  | { kind: 'accessor'; path: string[]; depth: number }
  | { kind: 'prefix'; op: string; operand: WhenNode; depth: number }
  | { kind: 'binary'; op: string; left: WhenNode; right: WhenNode; depth: number };

/** Binding power of each binary operator, after govaluate's planner (higher binds tighter). */
const BINARY_POWER: Record<string, number> = {
  ',': 1,
  '?': 2,
  ':': 2,
  '??': 2,
  '||': 3,
  '&&': 4,
  '==': 5,
  '!=': 5,
  '>': 5,
  '>=': 5,
  '<': 5,
  '<=': 5,
  '=~': 5,
  '!~': 5,
  in: 5,
  '&': 6,
  '|': 6,
  '^': 6,
  '<<': 7,
  '>>': 7,
  '+': 8,
  '-': 8,
  '*': 9,
  '/': 9,
  '%': 9,
  '**': 10,
};

const MAX_NESTING = 256;
const MAX_TREE_DEPTH = 2000;

class Parser {
  private index = 0;
  private nesting = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly source: string,
    private readonly patterns: Map<number, Matcher>,
  ) {}

  parse(): WhenNode {
    const node = this.expression(0);
    const extra = this.tokens[this.index];
    if (extra) throw new ExpressionError(`Unexpected token '${String(extra.value)}'`, this.source, extra.pos);
    return node;
  }

  private fail(reason: string, token?: Token): never {
    throw new ExpressionError(reason, this.source, token?.pos);
  }

  private expression(minPower: number): WhenNode {
    let left = this.primary();
    for (;;) {
      const token = this.tokens[this.index];
      if (!token || typeof token.value !== 'string') return left;
      if (!['MODIFIER', 'COMPARATOR', 'LOGICALOP', 'TERNARY', 'SEPARATOR'].includes(token.kind)) return left;
      const power = BINARY_POWER[token.value];
      if (power === undefined || power <= minPower) return left;
      this.index++;
      const right = this.expression(power);
      const depth = Math.max(left.depth, right.depth) + 1;
      if (depth > MAX_TREE_DEPTH) this.fail('expression too deeply nested', token);
      left = { kind: 'binary', op: token.value, left, right, depth };
    }
  }

  private primary(): WhenNode {
    const at = this.index++;
    const token = this.tokens[at];
    if (!token) return this.fail('Unexpected end of expression');
    const matcher = this.patterns.get(at);
    if (matcher) return { kind: 'pattern', matcher, source: String(token.value), depth: 1 };
    switch (token.kind) {
      case 'NUMERIC':
      case 'TIME':
      case 'BOOLEAN':
      case 'STRING':
      case 'VARIABLE':
        return { kind: 'literal', value: token.value as number | string | boolean, depth: 1 };
      case 'ACCESSOR':
        return { kind: 'accessor', path: token.value as string[], depth: 1 };
      case 'PREFIX': {
        const operand = this.nested(() => this.primary());
        return { kind: 'prefix', op: String(token.value), operand, depth: operand.depth + 1 };
      }
      case 'CLAUSE': {
        if (this.tokens[this.index]?.kind === 'CLAUSE_CLOSE') this.fail('Empty parentheses', token);
        const inner = this.nested(() => this.expression(0));
        const close = this.tokens[this.index++];
        if (close?.kind !== 'CLAUSE_CLOSE') this.fail('Unbalanced parenthesis', close ?? token);
        return inner;
      }
      default:
        return this.fail(`Unexpected token '${String(token.value)}'`, token);
    }
  }

  private nested<T>(parse: () => T): T {
    if (++this.nesting > MAX_NESTING) this.fail(`expression nested more than ${MAX_NESTING} levels`);
    try {
      return parse();
    } finally {
      this.nesting--;
    }
  }
}

/** govaluate's optimizeTokens: a string right after `=~` / `!~` is compiled as a pattern. */
function compilePatterns(tokens: Token[], source: string): Map<number, Matcher> {
  const patterns = new Map<number, Matcher>();
  tokens.forEach((token, i) => {
    if (token.kind !== 'COMPARATOR' || (token.value !== '=~' && token.value !== '!~')) return;
    const next = tokens[i + 1];
    if (next?.kind === 'STRING') patterns.set(i + 1, compileGoRegexp(String(next.value), source));
  });
  return patterns;
}

export function parseWhenExpression(source: string): WhenNode {
  const tokens = lexGovaluate(source);
  checkSyntax(tokens, source);
  // Argo: "converts govaluate variables (which we don't use), into strings", so `foo != bar` works.
  const asStrings = tokens.map((t): Token => (t.kind === 'VARIABLE' ? { ...t, kind: 'STRING' } : t));
  checkSyntax(asStrings, source);
  const patterns = compilePatterns(asStrings, source);
  return new Parser(asStrings, source, patterns).parse();
}
