import type { Value } from './values.js';

/** What a function may do besides computing: pay evaluation steps for work proportional to its input. */
export interface CallContext {
  charge(steps: number): void;
  /** The caller's clock for `now()` (ms since the epoch); absent where expressions must not read one. */
  readonly nowMs?: number;
}

export type Builtin = (args: Value[], ctx: CallContext) => Value;

/** Registry of callable functions by qualified name (`len`, `asInt`, `sprig.trim`). */
export type FunctionTable = ReadonlyMap<string, Builtin>;
