/**
 * expr-lang (the expression language Argo uses for `{{= }}`, hooks, retry expressions, ...).
 * A parser to an AST and a sandboxed tree-walking evaluator with a step budget; no `eval`, no
 * access to JavaScript prototypes. See docs/template-language.md for what is supported.
 */
import { ExpressionError } from '../../errors/index.js';
import type { Node } from './ast.js';
import { Evaluator } from './evaluate.js';
import { Fault, UnknownNameError } from './fault.js';
import { formatValue } from './format.js';
import { FUNCTIONS } from './functions.js';
import { LIMITS } from './limits.js';
import { parse } from './parser.js';
import { parseTime, type Time } from './time-values.js';
import { toHost } from './values.js';
import { variablePaths } from './variable-paths.js';

export { UnknownNameError };

/** A time value for an expression's env (Go's time.Time): arithmetic with now(), `.Seconds()`... */
export function exprTime(iso: string): Time {
  return parseTime(iso);
}

export type ExprEnv = Record<string, unknown>;

export interface ExprOptions {
  /** Maximum evaluation steps before an ExpressionError('evaluation budget exceeded'). Default 100_000. */
  budget?: number;
  /**
   * The clock for `now()`, given by the caller (the evaluator never reads the system clock).
   * Without it `now()` is an error.
   */
  now?: Date;
}

/** Opaque parsed expression. */
export interface ParsedExpr {
  readonly source: string;
}

const asts = new WeakMap<ParsedExpr, Node>();

/** Parses; throws ExpressionError with a position on bad syntax. */
export function parseExpr(source: string): ParsedExpr {
  const ast = guard(source, () => parse(source));
  const parsed: ParsedExpr = Object.freeze({ source });
  asts.set(parsed, ast);
  return parsed;
}

function astOf(expr: string | ParsedExpr): { source: string; ast: Node } {
  if (typeof expr === 'string') return { source: expr, ast: guard(expr, () => parse(expr)) };
  const ast = asts.get(expr) ?? guard(expr.source, () => parse(expr.source));
  return { source: expr.source, ast };
}

/** Runs f, turning anything but an ExpressionError into one, so callers only ever see ExpressionError. */
function guard<T>(source: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ExpressionError) throw e;
    if (e instanceof Fault) throw new ExpressionError(e.message, source);
    if (e instanceof RangeError) throw new ExpressionError('expression too complex to evaluate', source);
    throw new ExpressionError(`internal error: ${e instanceof Error ? e.message : String(e)}`, source);
  }
}

function run(
  expr: string | ParsedExpr,
  env: ExprEnv,
  options?: ExprOptions,
): { value: unknown; source: string } {
  const { source, ast } = astOf(expr);
  const budget = options?.budget ?? LIMITS.defaultBudget;
  if (!(budget > 0)) throw new ExpressionError('budget must be positive', source);
  const evaluator = new Evaluator(source, env ?? {}, FUNCTIONS, budget, options?.now?.getTime());
  return { value: guard(source, () => evaluator.eval(ast)), source };
}

/** Evaluates against env (plus the built-in, sprig and Argo functions); throws ExpressionError. */
export function evaluateExpr(source: string | ParsedExpr, env: ExprEnv, options?: ExprOptions): unknown {
  const result = run(source, env, options);
  return guard(result.source, () => toHost(result.value));
}

/**
 * Evaluates and formats the result as Argo does when substituting a `{{= }}` tag: strings as they
 * are, everything else with Go's `%v` (`[1 2]`, `map[a:1]`, floats like `1e+06`, nil as `<nil>`).
 */
export function evaluateExprToString(
  source: string | ParsedExpr,
  env: ExprEnv,
  options?: ExprOptions,
): string {
  const result = run(source, env, options);
  return guard(result.source, () => formatValue(result.value));
}

/**
 * Evaluates for a `{{= }}` tag: Go `%v` text of the result as Argo inserts it, or undefined when
 * the result is nil (Argo treats a nil result as unresolved). One evaluation.
 */
export function evaluateExprForTag(
  source: string | ParsedExpr,
  env: ExprEnv,
  options?: ExprOptions,
): string | undefined {
  const result = run(source, env, options);
  if (result.value === null || result.value === undefined) return undefined;
  return guard(result.source, () => formatValue(result.value));
}

/**
 * The variable paths an expression reads, for lint: `inputs.parameters['a-b'] + steps.x.outputs.result`
 * gives [['inputs','parameters','a-b'], ['steps','x','outputs','result']]. Paths stop at the first
 * computed (non-literal) index. Names bound by closures (`#`, `#index`) and function names are excluded.
 */
export function exprVariablePaths(source: string | ParsedExpr): string[][] {
  const { ast } = astOf(source);
  return variablePaths(ast);
}
