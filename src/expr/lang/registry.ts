import type { Value } from './values.js';

/** What a function may do besides computing: pay evaluation steps for work proportional to its input. */
export interface CallContext {
  charge(steps: number): void;
}

export type Builtin = (args: Value[], ctx: CallContext) => Value;

/** Registry of callable functions by qualified name (`len`, `asInt`, `sprig.trim`). */
export type FunctionTable = ReadonlyMap<string, Builtin>;
