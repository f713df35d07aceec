import { ExpressionError } from '../../errors/index.js';
import type { BinaryOp, MapEntry, Node } from './ast.js';
import { lex, type Token } from './lexer.js';
import { LIMITS } from './limits.js';

interface OpInfo {
  prec: number;
  right?: boolean;
  name: BinaryOp | '|';
}

const BINARY: Record<string, OpInfo> = {
  '|': { prec: 0, name: '|' },
  or: { prec: 10, name: 'or' },
  '||': { prec: 10, name: 'or' },
  and: { prec: 15, name: 'and' },
  '&&': { prec: 15, name: 'and' },
  '==': { prec: 20, name: '==' },
  '!=': { prec: 20, name: '!=' },
  '<': { prec: 20, name: '<' },
  '>': { prec: 20, name: '>' },
  '>=': { prec: 20, name: '>=' },
  '<=': { prec: 20, name: '<=' },
  in: { prec: 20, name: 'in' },
  matches: { prec: 20, name: 'matches' },
  contains: { prec: 20, name: 'contains' },
  startsWith: { prec: 20, name: 'startsWith' },
  endsWith: { prec: 20, name: 'endsWith' },
  '..': { prec: 25, name: '..' },
  '+': { prec: 30, name: '+' },
  '-': { prec: 30, name: '-' },
  '*': { prec: 60, name: '*' },
  '/': { prec: 60, name: '/' },
  '%': { prec: 60, name: '%' },
  '**': { prec: 100, right: true, name: '**' },
  '^': { prec: 100, right: true, name: '**' },
  '??': { prec: 500, name: '??' },
};

const UNARY: Record<string, { prec: number; op: 'not' | '-' | '+' }> = {
  not: { prec: 50, op: 'not' },
  '!': { prec: 50, op: 'not' },
  '-': { prec: 90, op: '-' },
  '+': { prec: 90, op: '+' },
};

const NEGATABLE = new Set(['in', 'matches', 'contains', 'startsWith', 'endsWith']);
const CHAINED_COMPARISON = new Set(['<', '>', '<=', '>=']);
/** Word tokens that are operators or keywords, never variable names. */
const KEYWORDS = new Set(['not', 'in', 'and', 'or', 'matches', 'contains', 'startsWith', 'endsWith', 'let']);

/** Builtins whose second argument is a predicate (`{ # > 1 }` or a bare expression using `#`). */
export const PREDICATE_BUILTINS = new Set([
  'all',
  'none',
  'any',
  'one',
  'filter',
  'map',
  'count',
  'sum',
  'find',
  'findIndex',
  'findLast',
  'findLastIndex',
  'groupBy',
  'sortBy',
  'reduce',
]);

/** Parses source into an AST; throws ExpressionError with the offending position. */
export function parse(source: string): Node {
  if (source.length > LIMITS.maxSourceLength) {
    throw new ExpressionError(`expression longer than ${LIMITS.maxSourceLength} characters`, source);
  }
  return new Parser(source, lex(source)).parseAll();
}

class Parser {
  private i = 0;
  private nesting = 0;
  private closures = 0;
  private readonly depths = new WeakMap<Node, number>();

  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
  ) {}

  parseAll(): Node {
    const node = this.expression(0);
    const t = this.peek();
    if (t.kind !== 'eof') this.fail(`unexpected token ${describe(t)}`, t.pos);
    return node;
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)] as Token;
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.i++;
    return t;
  }

  private isOp(value: string, t = this.peek()): boolean {
    return (t.kind === 'op' || t.kind === 'ident') && t.value === value;
  }

  private expect(value: string, what?: string): Token {
    const t = this.peek();
    if (!this.isOp(value, t)) this.fail(what ?? `expected ${value} but got ${describe(t)}`, t.pos);
    return this.next();
  }

  private fail(reason: string, pos: number): never {
    throw new ExpressionError(reason, this.source, pos);
  }

  /** Records the AST depth of a node built from children, refusing trees deeper than the limit. */
  private mk<T extends Node>(node: T, ...children: (Node | null)[]): T {
    let depth = 0;
    for (const c of children) if (c) depth = Math.max(depth, this.depths.get(c) ?? 1);
    if (depth + 1 > LIMITS.maxDepth * 5) this.fail('expression nested too deeply', node.pos);
    this.depths.set(node, depth + 1);
    return node;
  }

  private enter(pos: number): void {
    this.nesting++;
    if (this.nesting > LIMITS.maxDepth) this.fail(`expression nested deeper than ${LIMITS.maxDepth}`, pos);
  }

  private expression(precedence: number): Node {
    const start = this.peek();
    this.enter(start.pos);
    try {
      if (precedence === 0 && start.kind === 'ident' && start.value === 'let') return this.letExpression();
      let left = this.primary();
      let prev = '';
      while (true) {
        let t = this.peek();
        if (t.kind !== 'op' && t.kind !== 'ident') break;
        let negate = false;
        if (t.kind === 'ident' && t.value === 'not') {
          const after = this.peek(1);
          if (!(after.kind === 'ident' && NEGATABLE.has(after.value))) {
            this.fail(`unexpected token ${describe(after)}`, after.pos);
          }
          if ((BINARY[after.value]?.prec ?? -1) < precedence) break;
          this.next();
          t = after;
          negate = true;
        }
        const info = t.kind === 'ident' && !KEYWORDS.has(t.value) ? undefined : BINARY[t.value];
        if (info === undefined || info.prec < precedence) break;
        this.next();
        if (info.name === '|') {
          left = this.pipe(left, t);
        } else {
          if (prev === '??' && info.name !== '??') {
            this.fail(`operator (${t.value}) and coalesce expressions (??) cannot be mixed`, t.pos);
          }
          if (CHAINED_COMPARISON.has(info.name)) {
            left = this.comparison(left, t, info.prec);
          } else {
            const right = this.expression(info.right ? info.prec : info.prec + 1);
            const op = (negate ? `not ${info.name}` : info.name) as BinaryOp;
            left = this.mk({ kind: 'binary', pos: t.pos, op, left, right }, left, right);
          }
        }
        prev = info.name;
      }
      if (precedence === 0) left = this.conditional(left);
      return left;
    } finally {
      this.nesting--;
    }
  }

  private comparison(left: Node, opToken: Token, prec: number): Node {
    let root: Node | null = null;
    let op = opToken;
    while (true) {
      const right = this.expression(prec + 1);
      const cmp = this.mk(
        { kind: 'binary', pos: op.pos, op: op.value as BinaryOp, left, right } as Node,
        left,
        right,
      );
      root =
        root === null
          ? cmp
          : this.mk({ kind: 'binary', pos: root.pos, op: 'and', left: root, right: cmp }, root, cmp);
      left = right;
      const t = this.peek();
      if (!(t.kind === 'op' && CHAINED_COMPARISON.has(t.value))) return root;
      op = this.next();
    }
  }

  private conditional(node: Node): Node {
    while (this.isOp('?')) {
      const q = this.next();
      let then: Node;
      if (this.isOp(':')) {
        this.next();
        then = node;
      } else {
        then = this.expression(0);
        this.expect(':', `expected : in conditional but got ${describe(this.peek())}`);
      }
      const otherwise = this.expression(0);
      node = this.mk(
        { kind: 'conditional', pos: q.pos, cond: node, then, else: otherwise },
        node,
        then,
        otherwise,
      );
    }
    return node;
  }

  private letExpression(): Node {
    const letToken = this.next();
    const name = this.next();
    if (name.kind !== 'ident' || KEYWORDS.has(name.value))
      this.fail('expected variable name after let', name.pos);
    this.expect('=');
    const value = this.expression(0);
    this.expect(';');
    const body = this.expression(0);
    return this.mk({ kind: 'let', pos: letToken.pos, name: name.value, value, body }, value, body);
  }

  private pipe(left: Node, bar: Token): Node {
    const name = this.next();
    if (name.kind !== 'ident' || KEYWORDS.has(name.value))
      this.fail('expected function call after |', bar.pos);
    let callee: Node = { kind: 'ident', pos: name.pos, name: name.value };
    while (this.isOp('.')) {
      this.next();
      const prop = this.next();
      if (prop.kind !== 'ident') this.fail('expected name after .', prop.pos);
      callee = this.member(
        callee,
        { kind: 'string', pos: prop.pos, value: prop.value },
        false,
        true,
        prop.pos,
      );
    }
    if (!this.isOp('(')) this.fail('expected ( after function name in pipe', this.peek().pos);
    return this.postfix(this.call(callee, [left]));
  }

  private primary(): Node {
    const t = this.peek();
    const unary = t.kind === 'op' || (t.kind === 'ident' && t.value === 'not') ? UNARY[t.value] : undefined;
    if (unary !== undefined) {
      this.next();
      const operand = this.expression(unary.prec);
      return this.postfix(this.mk({ kind: 'unary', pos: t.pos, op: unary.op, operand }, operand));
    }
    if (this.isOp('(')) {
      this.next();
      const inner = this.expression(0);
      this.expect(')', 'an opened parenthesis is not properly closed');
      return this.postfix(inner);
    }
    if (this.closures > 0 && (t.kind === 'pointer' || this.isOp('.'))) {
      if (t.kind === 'pointer') this.next();
      return this.postfix({ kind: 'pointer', pos: t.pos, name: t.kind === 'pointer' ? t.value : '' });
    }
    if (t.kind === 'pointer') this.fail('cannot use # outside of a predicate', t.pos);
    return this.postfix(this.secondary());
  }

  private secondary(): Node {
    const t = this.next();
    switch (t.kind) {
      case 'number':
        return numberNode(t, (r) => this.fail(r, t.pos));
      case 'string':
        return { kind: 'string', pos: t.pos, value: t.value };
      case 'ident':
        if (KEYWORDS.has(t.value)) this.fail(`unexpected token ${describe(t)}`, t.pos);
        if (t.value === 'true' || t.value === 'false')
          return { kind: 'bool', pos: t.pos, value: t.value === 'true' };
        if (t.value === 'nil') return { kind: 'nil', pos: t.pos };
        if (this.isOp('(')) return this.call({ kind: 'ident', pos: t.pos, name: t.value }, []);
        return { kind: 'ident', pos: t.pos, name: t.value };
      case 'op':
        if (t.value === '[') return this.arrayLiteral(t);
        if (t.value === '{') return this.mapLiteral(t);
        break;
      default:
        break;
    }
    return this.fail(`unexpected token ${describe(t)}`, t.pos);
  }

  private arrayLiteral(open: Token): Node {
    const items: Node[] = [];
    while (!this.isOp(']')) {
      items.push(this.expression(0));
      if (!this.isOp(']')) this.expect(',', `expected , or ] in array but got ${describe(this.peek())}`);
    }
    this.next();
    return this.mk({ kind: 'array', pos: open.pos, items }, ...items);
  }

  private mapLiteral(open: Token): Node {
    const entries: MapEntry[] = [];
    const children: Node[] = [];
    while (!this.isOp('}')) {
      const k = this.peek();
      let key: Node;
      if (k.kind === 'ident' || k.kind === 'string' || k.kind === 'number') {
        this.next();
        key = { kind: 'string', pos: k.pos, value: k.value };
      } else if (this.isOp('(')) {
        this.next();
        key = this.expression(0);
        this.expect(')');
      } else {
        return this.fail(
          `a map key must be a quoted string, a number, an identifier, or an expression enclosed in parentheses (unexpected token ${describe(k)})`,
          k.pos,
        );
      }
      this.expect(':', `expected : after map key but got ${describe(this.peek())}`);
      const value = this.expression(0);
      entries.push({ key, value });
      children.push(key, value);
      if (!this.isOp('}')) this.expect(',', `expected , or } in map but got ${describe(this.peek())}`);
    }
    this.next();
    return this.mk({ kind: 'map', pos: open.pos, entries }, ...children);
  }

  private call(callee: Node, args: Node[]): Node {
    const open = this.expect('(');
    const predicate = callee.kind === 'ident' && PREDICATE_BUILTINS.has(callee.name);
    while (!this.isOp(')')) {
      if (predicate && args.length === 1) args.push(this.closure());
      else args.push(this.expression(0));
      if (!this.isOp(')')) this.expect(',', `expected , or ) in call but got ${describe(this.peek())}`);
    }
    this.next();
    return this.mk(
      { kind: 'call', pos: callee.kind === 'ident' ? callee.pos : open.pos, callee, args },
      callee,
      ...args,
    );
  }

  private closure(): Node {
    const start = this.peek();
    this.closures++;
    try {
      let body: Node;
      if (this.isOp('{')) {
        this.next();
        body = this.expression(0);
        this.expect('}', `expected } closing the predicate but got ${describe(this.peek())}`);
      } else {
        body = this.expression(0);
      }
      return this.mk({ kind: 'closure', pos: start.pos, body }, body);
    } finally {
      this.closures--;
    }
  }

  private member(object: Node, property: Node, optional: boolean, dotted: boolean, pos: number): Node {
    return this.mk({ kind: 'member', pos, object, property, optional, dotted }, object, property);
  }

  private postfix(node: Node): Node {
    while (true) {
      const t = this.peek();
      if (this.isOp('.') || this.isOp('?.')) {
        this.next();
        const optional = t.value === '?.';
        if (optional && this.isOp('[')) {
          node = this.index(node, true);
          continue;
        }
        const prop = this.next();
        if (prop.kind !== 'ident')
          this.fail(`expected name after ${t.value} but got ${describe(prop)}`, prop.pos);
        node = this.member(
          node,
          { kind: 'string', pos: prop.pos, value: prop.value },
          optional,
          true,
          prop.pos,
        );
        if (this.isOp('(')) node = this.call(node, []);
      } else if (this.isOp('[')) {
        node = this.index(node, false);
      } else {
        return node;
      }
    }
  }

  private index(object: Node, optional: boolean): Node {
    const open = this.expect('[');
    if (this.isOp(':')) {
      this.next();
      const to = this.isOp(']') ? null : this.expression(0);
      this.expect(']', 'expected ] closing the slice');
      return this.mk({ kind: 'slice', pos: open.pos, object, from: null, to }, object, to);
    }
    const first = this.expression(0);
    if (this.isOp(':')) {
      this.next();
      const to = this.isOp(']') ? null : this.expression(0);
      this.expect(']', 'expected ] closing the slice');
      return this.mk({ kind: 'slice', pos: open.pos, object, from: first, to }, object, first, to);
    }
    this.expect(']', `expected ] closing the index but got ${describe(this.peek())}`);
    return this.member(object, first, optional, false, open.pos);
  }
}

function numberNode(t: Token, fail: (reason: string) => never): Node {
  const text = t.value.replaceAll('_', '');
  const lower = text.toLowerCase();
  const radix = lower.startsWith('0x') ? 16 : lower.startsWith('0o') ? 8 : lower.startsWith('0b') ? 2 : 10;
  if (radix !== 10) {
    const digits = text.slice(2);
    const valid = { 16: /^[0-9a-fA-F]+$/, 8: /^[0-7]+$/, 2: /^[01]+$/ }[radix];
    if (!valid?.test(digits)) fail(`invalid number ${t.value}`);
    return { kind: 'int', pos: t.pos, value: Number.parseInt(digits, radix) };
  }
  const value = Number(text);
  if (Number.isNaN(value)) fail(`invalid number ${t.value}`);
  if (/[.eE]/.test(text)) return { kind: 'float', pos: t.pos, value };
  if (!Number.isSafeInteger(value)) fail(`integer literal ${t.value} out of range`);
  return { kind: 'int', pos: t.pos, value };
}

function describe(t: Token): string {
  if (t.kind === 'eof') return 'end of expression';
  if (t.kind === 'string') return `string ${JSON.stringify(t.value)}`;
  if (t.kind === 'pointer') return `#${t.value}`;
  return `"${t.value}"`;
}
