/**
 * `when:` conditions (govaluate semantics). CONTRACT STUB — implemented by the when/depends work package.
 */
import { ExpressionError } from '../../errors/index.js';

/** Evaluates a condition whose tags are already substituted. Throws ExpressionError on bad syntax or a non-boolean. */
export function evaluateWhen(condition: string): boolean {
  throw new ExpressionError('when not implemented yet', condition);
}

/** Syntax check only, for lint (tags may still be present: they are treated as opaque operands). */
export function checkWhen(condition: string): void {
  throw new ExpressionError('when not implemented yet', condition);
}
