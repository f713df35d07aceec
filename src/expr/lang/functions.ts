import { ARGO_FUNCTIONS } from './argo-functions.js';
import { EXPR_BUILTINS } from './builtins.js';
import type { Builtin, FunctionTable } from './registry.js';
import { SPRIG_FUNCTIONS } from './sprig.js';

/** Every callable name: expr builtins, Argo's additions, and `sprig.<name>`. */
export const FUNCTIONS: FunctionTable = new Map<string, Builtin>([
  ...Object.entries(EXPR_BUILTINS),
  ...Object.entries(ARGO_FUNCTIONS),
  ...Object.entries(SPRIG_FUNCTIONS).map(([k, v]) => [`sprig.${k}`, v] as [string, Builtin]),
]);
