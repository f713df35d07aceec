import { arity, boolArg, checked, strArg } from './args.js';
import { isEmpty } from './conversions.js';
import { Fault, fault } from './fault.js';
import { fromGoJson, toGoJson } from './format.js';
import type { Builtin } from './registry.js';
import { SPRIG_LISTS } from './sprig-lists.js';
import { SPRIG_MATH } from './sprig-math.js';
import { SPRIG_REGEX, unsupported } from './sprig-regex.js';
import { SPRIG_STRINGS, strval } from './sprig-strings.js';
import { equal, goTypeName, isNil, type Value } from './values.js';

/** sprig functions that read the clock, randomness, the process env or crypto keys: refused. */
const REFUSED = [
  'now',
  'date',
  'dateInZone',
  'date_in_zone',
  'dateModify',
  'date_modify',
  'htmlDate',
  'htmlDateInZone',
  'ago',
  'toDate',
  'mustToDate',
  'unixEpoch',
  'duration',
  'durationRound',
  'uuidv4',
  'randAlpha',
  'randAlphaNum',
  'randAscii',
  'randNumeric',
  'randInt',
  'randBytes',
  'shuffle',
  'env',
  'expandenv',
  'genPrivateKey',
  'genCA',
  'genSelfSignedCert',
  'genSignedCert',
  'encryptAES',
  'decryptAES',
  'getHostByName',
];

const kindOf = (v: Value): string => {
  const t = goTypeName(v);
  if (t === '<nil>') return 'invalid';
  if (t.startsWith('[]')) return 'slice';
  if (t.startsWith('map[')) return 'map';
  return t;
};

const json =
  (name: string, opts: { indent?: string; escapeHtml?: boolean }, must: boolean): Builtin =>
  (args, ctx) => {
    arity(name, args, 1);
    try {
      const out = toGoJson(args[0], opts);
      ctx.charge(Math.ceil(out.length / 64));
      return out;
    } catch (e) {
      if (must || !(e instanceof Fault)) throw e;
      return '';
    }
  };

const SPRIG_GENERAL: Record<string, Builtin> = {
  default: (args) => {
    arity('default', args, 1, 2);
    return args.length < 2 || isEmpty(args[1]) ? args[0] : args[1];
  },
  empty: checked('empty', [1], (args) => isEmpty(args[0])),
  coalesce: (args) => args.find((a) => !isEmpty(a)) ?? null,
  all: (args) => args.every((a) => !isEmpty(a)),
  any: (args) => args.some((a) => !isEmpty(a)),
  ternary: checked('ternary', [3], (args) => (boolArg('ternary', args, 2) ? args[0] : args[1])),
  fail: checked('fail', [1], (args) => fault(strArg('fail', args, 0))),
  kindOf: checked('kindOf', [1], (args) => kindOf(args[0])),
  typeOf: checked('typeOf', [1], (args) => goTypeName(args[0])),
  kindIs: checked('kindIs', [2], (args) => strArg('kindIs', args, 0) === kindOf(args[1])),
  typeIs: checked('typeIs', [2], (args) => strArg('typeIs', args, 0) === goTypeName(args[1])),
  deepEqual: checked(
    'deepEqual',
    [2],
    (args) => goTypeName(args[0]) === goTypeName(args[1]) && equal(args[0], args[1]),
  ),
  toJson: json('toJson', {}, false),
  mustToJson: json('mustToJson', {}, true),
  toPrettyJson: json('toPrettyJson', { indent: '  ' }, false),
  mustToPrettyJson: json('mustToPrettyJson', { indent: '  ' }, true),
  toRawJson: json('toRawJson', { escapeHtml: false }, false),
  mustToRawJson: json('mustToRawJson', { escapeHtml: false }, true),
  fromJson: (args) => {
    arity('fromJson', args, 1);
    try {
      return fromGoJson(strArg('fromJson', args, 0));
    } catch (e) {
      if (e instanceof Fault) return null;
      throw e;
    }
  },
  mustFromJson: checked('mustFromJson', [1], (args) => fromGoJson(strArg('mustFromJson', args, 0))),
  toString: checked('toString', [1], (args) => strval(args[0])),
  isNil: checked('isNil', [1], (args) => isNil(args[0])),
};

/** The `sprig.*` namespace: name (without prefix) -> function. */
export const SPRIG_FUNCTIONS: Record<string, Builtin> = {
  ...SPRIG_STRINGS,
  ...SPRIG_MATH,
  ...SPRIG_LISTS,
  ...SPRIG_REGEX,
  ...SPRIG_GENERAL,
};

for (const name of REFUSED) SPRIG_FUNCTIONS[name] = unsupported(name);
