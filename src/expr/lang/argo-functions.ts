import { arity, strArg } from './args.js';
import { toFloat, toInt } from './conversions.js';
import { fromGoJson, toGoJson } from './format.js';
import { queryJsonPath } from './jsonpath.js';
import type { Builtin } from './registry.js';

/** The functions Argo Workflows adds to expr-lang's env (util/expr/env): asInt, asFloat, toJson, jsonpath. */
export const ARGO_FUNCTIONS: Record<string, Builtin> = {
  asInt: (args) => {
    arity('asInt', args, 1);
    return toInt('asInt', args[0]);
  },
  asFloat: (args) => {
    arity('asFloat', args, 1);
    return toFloat('asFloat', args[0]);
  },
  toJson: (args, ctx) => {
    arity('toJson', args, 1);
    const out = toGoJson(args[0]);
    ctx.charge(Math.ceil(out.length / 64));
    return out;
  },
  jsonpath: (args, ctx) => {
    arity('jsonpath', args, 2);
    const json = strArg('jsonpath', args, 0);
    const path = strArg('jsonpath', args, 1);
    ctx.charge(Math.ceil(json.length / 16));
    return queryJsonPath(fromGoJson(json), path, (n) => ctx.charge(n));
  },
};
