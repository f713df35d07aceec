/**
 * Parser for `depends:` logic: task operands `name` or `name.Result`, `&&`/`and`, `||`/`or`,
 * `!`/`not` and parentheses (Argo evaluates the string with expr-lang, which accepts both
 * spellings). Task names are letters, digits, `_` and `-`. Long `&&`/`||` chains become balanced
 * trees, so thousands of dependencies stay shallow.
 */
import { ExpressionError } from '../../errors/index.js';
import { DEPENDS_RESULTS, type DependsAst, type DependsResult } from './depends-types.js';

type Tok =
  | { type: 'name'; task: string; result: string | null; pos: number }
  | { type: 'op'; op: '&&' | '||' | '!' | '(' | ')'; pos: number };

const MAX_LENGTH = 1_000_000;
const MAX_NESTING = 256;
const OPERAND = /[A-Za-z0-9_][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_]+)?/y;
const WORD_OPS: Record<string, '&&' | '||' | '!'> = { and: '&&', or: '||', not: '!' };

function tokenize(source: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const two = source.slice(i, i + 2);
    if (two === '&&' || two === '||') {
      toks.push({ type: 'op', op: two, pos: i });
      i += 2;
      continue;
    }
    if (c === '!' || c === '(' || c === ')') {
      toks.push({ type: 'op', op: c, pos: i });
      i++;
      continue;
    }
    OPERAND.lastIndex = i;
    const m = OPERAND.exec(source);
    if (!m) throw new ExpressionError(`unexpected character '${c}' in depends`, source, i);
    const [task = '', result = null] = m[0].split('.');
    const wordOp = result === null ? WORD_OPS[task] : undefined;
    if (wordOp) toks.push({ type: 'op', op: wordOp, pos: i });
    else toks.push({ type: 'name', task, result, pos: i });
    i += m[0].length;
  }
  return toks;
}

function checkResult(result: string | null, source: string, pos: number): DependsResult | null {
  if (result === null) return null;
  if ((DEPENDS_RESULTS as readonly string[]).includes(result)) return result as DependsResult;
  throw new ExpressionError(
    `unknown task result '.${result}' (expected one of ${DEPENDS_RESULTS.join(', ')})`,
    source,
    pos,
  );
}

function balanced(kind: 'and' | 'or', items: DependsAst[], lo: number, hi: number): DependsAst {
  if (hi - lo === 1) return items[lo] as DependsAst;
  const mid = (lo + hi) >> 1;
  return { kind, left: balanced(kind, items, lo, mid), right: balanced(kind, items, mid, hi) };
}

class Parser {
  private i = 0;
  private nesting = 0;
  constructor(
    private readonly toks: Tok[],
    private readonly source: string,
  ) {}

  parse(): DependsAst {
    if (this.toks.length === 0) throw new ExpressionError('empty depends expression', this.source);
    const ast = this.chain('or');
    const extra = this.toks[this.i];
    if (extra)
      throw new ExpressionError(`unexpected '${this.show(extra)}' in depends`, this.source, extra.pos);
    return ast;
  }

  private show(t: Tok): string {
    return t.type === 'op' ? t.op : t.result ? `${t.task}.${t.result}` : t.task;
  }

  private chain(kind: 'and' | 'or'): DependsAst {
    const op = kind === 'or' ? '||' : '&&';
    const items = [kind === 'or' ? this.chain('and') : this.unary()];
    for (;;) {
      const t = this.toks[this.i];
      if (t?.type !== 'op' || t.op !== op) break;
      this.i++;
      items.push(kind === 'or' ? this.chain('and') : this.unary());
    }
    return balanced(kind, items, 0, items.length);
  }

  private unary(): DependsAst {
    const t = this.toks[this.i++];
    if (!t) throw new ExpressionError('unexpected end of depends expression', this.source);
    if (t.type === 'name')
      return { kind: 'task', task: t.task, result: checkResult(t.result, this.source, t.pos) };
    if (t.op === '!') return { kind: 'not', operand: this.nested(() => this.unary()) };
    if (t.op === '(') {
      const inner = this.nested(() => this.chain('or'));
      const close = this.toks[this.i++];
      if (close?.type !== 'op' || close.op !== ')') {
        throw new ExpressionError('missing ")" in depends', this.source, close?.pos ?? this.source.length);
      }
      return inner;
    }
    throw new ExpressionError(`unexpected '${t.op}' in depends`, this.source, t.pos);
  }

  private nested<T>(parse: () => T): T {
    if (++this.nesting > MAX_NESTING) {
      throw new ExpressionError(`depends nested more than ${MAX_NESTING} levels`, this.source);
    }
    try {
      return parse();
    } finally {
      this.nesting--;
    }
  }
}

export function parseDepends(source: string): DependsAst {
  if (source.length > MAX_LENGTH) {
    throw new ExpressionError(`depends longer than ${MAX_LENGTH} characters`, source.slice(0, 200));
  }
  return new Parser(tokenize(source), source).parse();
}
