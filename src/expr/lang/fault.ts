import { ExpressionError } from '../../errors/index.js';

/**
 * An evaluation failure raised below the evaluator (operators, builtins) without a source position.
 * The evaluator converts it into an ExpressionError at the node being evaluated.
 */
export class Fault extends Error {}

export function fault(reason: string): never {
  throw new Fault(reason);
}

/** Referencing a name that is neither in the env nor a function. `reason` is `unknown name NAME`. */
export class UnknownNameError extends ExpressionError {
  readonly code = 'unknown-name';
  constructor(
    readonly unknownName: string,
    source: string,
    position?: number,
  ) {
    super(`unknown name ${unknownName}`, source, position);
  }
}
