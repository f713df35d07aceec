/**
 * `depends:` logic (Argo's enhanced depends). CONTRACT STUB — implemented by the when/depends work package.
 */
import { ExpressionError } from '../../errors/index.js';

export type DependsAst =
  | { kind: 'task'; task: string; result: DependsResult | null }
  | { kind: 'not'; operand: DependsAst }
  | { kind: 'and' | 'or'; left: DependsAst; right: DependsAst };

/** `A` alone (result null) means Succeeded || Skipped || Daemoned. */
export type DependsResult =
  | 'Succeeded'
  | 'Failed'
  | 'Errored'
  | 'Skipped'
  | 'Omitted'
  | 'Daemoned'
  | 'AnySucceeded'
  | 'AllFailed';

/** What the engine knows about a dependency task when evaluating. */
export interface TaskOutcome {
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Error' | 'Skipped' | 'Omitted';
  daemoned?: boolean;
  /** Phases of the children of an expanded task (withItems/withParam), for AnySucceeded / AllFailed. */
  childPhases?: string[];
}

export function parseDepends(source: string): DependsAst {
  throw new ExpressionError('depends not implemented yet', source);
}

/** Task names referenced, in order of first appearance. */
export function dependsTasks(ast: DependsAst): string[] {
  void ast;
  return [];
}

/** `dependencies: [a, b]` is `a && b`. */
export function dependenciesToDepends(dependencies: string[]): string {
  return dependencies.join(' && ');
}

/** Evaluates once every referenced task is complete; `outcome` returns undefined for unknown tasks (treated as not run). */
export function evaluateDepends(
  ast: DependsAst,
  outcome: (task: string) => TaskOutcome | undefined,
): boolean {
  void ast;
  void outcome;
  throw new Error('depends not implemented yet');
}
