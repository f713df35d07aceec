/**
 * expr-lang (the expression language Argo uses for `{{= }}`, hooks, retry expressions, ...).
 * CONTRACT STUB — implemented by the expr-lang work package; signatures are fixed.
 */
import { ExpressionError } from '../../errors/index.js';

export type ExprEnv = Record<string, unknown>;

export interface ExprOptions {
  /** Maximum evaluation steps before an ExpressionError('evaluation budget exceeded'). Default 100_000. */
  budget?: number;
}

/** Opaque parsed expression. */
export interface ParsedExpr {
  readonly source: string;
}

/** Parses; throws ExpressionError with a position on bad syntax. */
export function parseExpr(source: string): ParsedExpr {
  throw new ExpressionError('expr-lang not implemented yet', source);
}

/** Evaluates against env (plus the built-in, sprig and Argo functions); throws ExpressionError. */
export function evaluateExpr(source: string | ParsedExpr, env: ExprEnv, options?: ExprOptions): unknown {
  void env;
  void options;
  throw new ExpressionError(
    'expr-lang not implemented yet',
    typeof source === 'string' ? source : source.source,
  );
}

/**
 * The variable paths an expression reads, for lint: `inputs.parameters['a-b'] + steps.x.outputs.result`
 * gives [['inputs','parameters','a-b'], ['steps','x','outputs','result']]. Paths stop at the first
 * computed (non-literal) index. Names bound by closures (`#`, `#index`) and function names are excluded.
 */
export function exprVariablePaths(source: string | ParsedExpr): string[][] {
  void source;
  return [];
}
