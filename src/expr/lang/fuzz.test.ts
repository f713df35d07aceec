import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ExpressionError } from '../../errors/index.js';
import { evaluateExpr, evaluateExprToString, exprVariablePaths } from './index.js';

const env = {
  inputs: { parameters: { x: '1', s: 'hello', json: '{"a":[1,2]}' } },
  item: { a: 1, b: 'two', c: [1, 2.5, 'x'], d: null },
  list: [3, 1, 2],
  n: 7,
  f: 1.5,
  s: 'str',
};

/** Evaluates one source; anything but a non-internal ExpressionError fails the property. */
function check(source: string): void {
  try {
    evaluateExpr(source, env, { budget: 5000 });
    evaluateExprToString(source, env, { budget: 5000 });
    exprVariablePaths(source);
  } catch (e) {
    if (!(e instanceof ExpressionError))
      throw new Error(`non-ExpressionError for ${JSON.stringify(source)}: ${String(e)}`);
    if (e.reason.startsWith('internal error') || e.reason.includes('too complex')) {
      throw new Error(`internal error for ${JSON.stringify(source)}: ${e.reason}`);
    }
  }
}

const TOKENS = [
  ...'0 1 -1 2.5 .5 0x1F 1e3 1_0'.split(' '),
  "'a'",
  '"b\\n"',
  '`r`',
  ...'true false nil # #index #acc . ?. [ ] { } ( ) , : ? ?? | .. + - * / % ** ^ ! == != < > <= >= && ||'.split(
    ' ',
  ),
  ...'not in and or matches contains startsWith endsWith let = ;'.split(' '),
  ...'inputs parameters x s item a b c d list n f constructor __proto__ $env sprig'.split(' '),
  ...'len filter map all any none one count sum find groupBy sortBy reduce upper split join toJson fromJSON jsonpath asInt int float string repeat max sort first keys'.split(
    ' ',
  ),
  'trim',
  'default',
  'add',
  'regexMatch',
  "'(a+)+'",
  "'$.a[*]'",
  '1..3',
];

const soup = fc
  .array(fc.constantFrom(...TOKENS), { minLength: 1, maxLength: 14 })
  .chain((tokens) => fc.constantFrom(tokens.join(' '), tokens.join('')));

/** Random well-formed expressions, printed with parentheses. */
const { expr } = fc.letrec<{ expr: string; leaf: string }>((tie) => ({
  leaf: fc.oneof(
    fc.integer({ min: -1000, max: 1000 }).map(String),
    fc.double({ noNaN: true, min: -1e9, max: 1e9 }).map((d) => (Number.isInteger(d) ? `${d}.0` : String(d))),
    fc.string({ maxLength: 6 }).map((s) => JSON.stringify(s)),
    fc.constantFrom(
      'true',
      'false',
      'nil',
      'n',
      'f',
      's',
      'list',
      'item',
      'item.a',
      'item.c',
      'inputs.parameters.x',
      'item?.d?.e',
    ),
  ),
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('leaf'),
    fc.tuple(fc.constantFrom('!', '-', 'not '), tie('expr')).map(([op, e]) => `${op}(${e})`),
    fc
      .tuple(
        tie('expr'),
        fc.constantFrom(
          ...'+ - * / % ** == != < > <= >= and or ?? in contains startsWith endsWith matches ..'.split(' '),
        ),
        tie('expr'),
      )
      .map(([a, op, b]) => `(${a}) ${op} (${b})`),
    fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([a, b, c]) => `(${a}) ? (${b}) : (${c})`),
    fc.array(tie('expr'), { maxLength: 3 }).map((xs) => `[${xs.join(', ')}]`),
    fc
      .tuple(fc.constantFrom('k', 'x-y', 'constructor'), tie('expr'))
      .map(([k, v]) => `{${JSON.stringify(k)}: ${v}}`),
    fc.tuple(tie('expr'), tie('expr')).map(([a, i]) => `(${a})[${i}]`),
    fc
      .tuple(tie('expr'), fc.constantFrom('a', 'b', 'constructor', '__proto__'))
      .map(([a, k]) => `(${a})?.${k}`),
    fc
      .tuple(
        fc.constantFrom(
          'len',
          'string',
          'int',
          'float',
          'type',
          'toJson',
          'upper',
          'sprig.toString',
          'sprig.empty',
          'sort',
          'first',
        ),
        tie('expr'),
      )
      .map(([fn, a]) => `${fn}(${a})`),
    fc
      .tuple(fc.constantFrom('filter', 'map', 'all', 'any', 'count', 'find'), tie('expr'), tie('expr'))
      .map(([fn, a, p]) => `${fn}(${a}, {${p.replace('n', '#')}})`),
  ),
}));

test('fuzz: random token soups only throw ExpressionError', () => {
  fc.assert(
    fc.property(soup, (s) => check(s)),
    { numRuns: 60_000 },
  );
});

test('fuzz: random well-formed expressions only throw ExpressionError', () => {
  fc.assert(
    fc.property(expr, (s) => check(s)),
    { numRuns: 40_000 },
  );
});

test('fuzz: arbitrary strings only throw ExpressionError', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 30 }), (s) => check(s)),
    { numRuns: 5_000 },
  );
  assert.ok(true);
});
