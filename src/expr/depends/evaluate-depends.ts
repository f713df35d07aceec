/**
 * Evaluating depends logic over task outcomes, with Argo's task results (dag.go): Errored is phase
 * Error, Daemoned is a daemoned task that is no longer Pending, AnySucceeded/AllFailed look at the
 * children of an expanded task, and a bare name means Succeeded || Skipped || Daemoned.
 */
import type { DependsAst, DependsResult, TaskOutcome } from './depends-types.js';

type Outcome = (task: string) => TaskOutcome | undefined;

/** Task names referenced, in order of first appearance. */
export function dependsTasks(ast: DependsAst): string[] {
  const seen = new Set<string>();
  const stack: DependsAst[] = [ast];
  while (stack.length > 0) {
    const node = stack.pop() as DependsAst;
    if (node.kind === 'task') seen.add(node.task);
    else if (node.kind === 'not') stack.push(node.operand);
    else stack.push(node.right, node.left);
  }
  return [...seen];
}

export function taskResult(outcome: TaskOutcome | undefined, result: DependsResult | null): boolean {
  if (!outcome) return false;
  const { phase } = outcome;
  const daemoned = outcome.daemoned === true && phase !== 'Pending';
  switch (result) {
    case null:
      return phase === 'Succeeded' || phase === 'Skipped' || daemoned;
    case 'Succeeded':
      return phase === 'Succeeded';
    case 'Failed':
      return phase === 'Failed';
    case 'Errored':
      return phase === 'Error';
    case 'Skipped':
      return phase === 'Skipped';
    case 'Omitted':
      return phase === 'Omitted';
    case 'Daemoned':
      return daemoned;
    case 'AnySucceeded':
      return outcome.childPhases?.some((p) => p === 'Succeeded') ?? false;
    case 'AllFailed': {
      const children = outcome.childPhases ?? [];
      return children.length > 0 && children.every((p) => p === 'Failed');
    }
  }
}

/** Evaluates once every referenced task is complete; `outcome` returns undefined for unknown tasks (treated as not run). */
export function evaluateDepends(ast: DependsAst, outcome: Outcome): boolean {
  switch (ast.kind) {
    case 'task':
      return taskResult(outcome(ast.task), ast.result);
    case 'not':
      return !evaluateDepends(ast.operand, outcome);
    case 'and':
      return evaluateDepends(ast.left, outcome) && evaluateDepends(ast.right, outcome);
    case 'or':
      return evaluateDepends(ast.left, outcome) || evaluateDepends(ast.right, outcome);
  }
}

const COMPLETED = new Set<TaskOutcome['phase']>(['Succeeded', 'Failed', 'Error', 'Skipped', 'Omitted']);

/** Argo's "fulfilled": a completed phase, or a daemoned task that is past Pending. */
export function taskFulfilled(outcome: TaskOutcome | undefined): boolean {
  if (!outcome) return false;
  return COMPLETED.has(outcome.phase) || (outcome.daemoned === true && outcome.phase !== 'Pending');
}

/** True once every referenced task is fulfilled; the engine evaluates the logic only then. */
export function dependsComplete(ast: DependsAst, outcome: Outcome): boolean {
  return dependsTasks(ast).every((task) => taskFulfilled(outcome(task)));
}

/** `dependencies: [a, b]` is `a && b`. */
export function dependenciesToDepends(dependencies: string[]): string {
  return dependencies.join(' && ');
}
