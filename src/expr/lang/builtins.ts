import { arity, intArg, strArg } from './args.js';
import { COLLECTION_BUILTINS } from './builtins-collections.js';
import { STRING_BUILTINS } from './builtins-strings.js';
import { toFloat, toInt } from './conversions.js';
import { fault } from './fault.js';
import { formatValue, fromGoJson, toGoJson } from './format.js';
import type { Builtin } from './registry.js';
import { parseGoDuration, parseTime, Time } from './time-values.js';
import { exprTypeName, makeInt } from './values.js';

/** Functions whose results depend on the host; refused to keep evaluation deterministic. */
export const NON_DETERMINISTIC = ['timezone'];

const bit =
  (name: string, f: (a: bigint, b: bigint) => bigint): Builtin =>
  (args) => {
    arity(name, args, 2);
    const a = BigInt(intArg(name, args, 0));
    const b = BigInt(intArg(name, args, 1));
    if ((name === 'bitshl' || name === 'bitshr' || name === 'bitushr') && (b < 0n || b > 63n)) {
      return fault(`invalid shift count ${b}`);
    }
    return makeInt(Number(BigInt.asIntN(64, f(a, b))));
  };

/** expr-lang's builtin functions (the predicate ones live in predicates.ts). */
export const EXPR_BUILTINS: Record<string, Builtin> = {
  ...STRING_BUILTINS,
  ...COLLECTION_BUILTINS,
  int: (args) => {
    arity('int', args, 1);
    return toInt('int', args[0]);
  },
  float: (args) => {
    arity('float', args, 1);
    return toFloat('float', args[0]);
  },
  string: (args, ctx) => {
    arity('string', args, 1);
    const out = formatValue(args[0]);
    ctx.charge(Math.ceil(out.length / 64));
    return out;
  },
  type: (args) => {
    arity('type', args, 1);
    return exprTypeName(args[0]);
  },
  toJSON: (args, ctx) => {
    arity('toJSON', args, 1);
    const out = toGoJson(args[0], { indent: '  ' });
    ctx.charge(Math.ceil(out.length / 64));
    return out;
  },
  fromJSON: (args, ctx) => {
    arity('fromJSON', args, 1);
    const s = strArg('fromJSON', args, 0);
    ctx.charge(Math.ceil(s.length / 16));
    return fromGoJson(s);
  },
  bitand: bit('bitand', (a, b) => a & b),
  bitor: bit('bitor', (a, b) => a | b),
  bitxor: bit('bitxor', (a, b) => a ^ b),
  bitnand: bit('bitnand', (a, b) => a & ~b),
  bitshl: bit('bitshl', (a, b) => a << b),
  bitshr: bit('bitshr', (a, b) => a >> b),
  bitushr: bit('bitushr', (a, b) => BigInt.asUintN(64, a) >> b),
  bitnot: (args) => {
    arity('bitnot', args, 1);
    return makeInt(Number(BigInt.asIntN(64, ~BigInt(intArg('bitnot', args, 0)))));
  },
};

/** `now()`: the clock the caller passed in (a CronWorkflow's `when`); refused where there is none. */
EXPR_BUILTINS.now = (args, ctx) => {
  arity('now', args, 0);
  if (ctx.nowMs === undefined)
    return fault("now() is not available here: only a CronWorkflow's when and stopStrategy read the clock");
  return new Time(ctx.nowMs);
};

/** `date("2024-05-01T12:00:00Z")`: a time from RFC 3339 text or a `2006-01-02` date (UTC). */
EXPR_BUILTINS.date = (args) => {
  arity('date', args, 1);
  return parseTime(strArg('date', args, 0));
};

/** `duration("1h30m")`: a Go duration. */
EXPR_BUILTINS.duration = (args) => {
  arity('duration', args, 1);
  return parseGoDuration(strArg('duration', args, 0));
};

for (const name of NON_DETERMINISTIC) {
  EXPR_BUILTINS[name] = () => fault(`${name}() is not supported: expressions must be deterministic`);
}

/** `fromJson` (lower-case, as Argo's docs spell it) is an alias of fromJSON. */
EXPR_BUILTINS.fromJson = EXPR_BUILTINS.fromJSON as Builtin;
