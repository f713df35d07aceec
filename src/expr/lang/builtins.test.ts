import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExpressionError } from '../../errors/index.js';
import { evaluateExpr } from './index.js';

const env = { m: { b: 2, a: 1 }, s: ' Hi ', users: [{ name: 'ann' }] };

/** expr-lang builtins, one row each. */
const ROWS: [string, unknown][] = [
  ['len([1, 2])', 2],
  ['len({a: 1})', 1],
  ["len('héllo')", 5],
  ['abs(-3)', 3],
  ['abs(-1.5)', 1.5],
  ['ceil(1.2)', 2],
  ['floor(1.8)', 1],
  ['round(2.5)', 3],
  ['round(-2.5)', -3],
  ["int('42')", 42],
  ['int(3.9)', 3],
  ['int(-3.9)', -3],
  ["float('1.5')", 1.5],
  ["type(float('2'))", 'float'],
  ['float(2)', 2],
  ['string(12)', '12'],
  ['string(1.5)', '1.5'],
  ['string([1, 2])', '[1 2]'],
  ['string(nil)', '<nil>'],
  ["upper('ab')", 'AB'],
  ["lower('AB')", 'ab'],
  ['trim(s)', 'Hi'],
  ["trim('__x__', '_')", 'x'],
  ["trimPrefix('HelloWorld', 'Hello')", 'World'],
  ["trimSuffix('HelloWorld', 'World')", 'Hello'],
  ["split('a,b,c', ',')", ['a', 'b', 'c']],
  ["split('a,b,c', ',', 2)", ['a', 'b,c']],
  ["split('abc', '')", ['a', 'b', 'c']],
  ["splitAfter('a,b', ',')", ['a,', 'b']],
  ["join(['a', 'b'], ',')", 'a,b'],
  ["join(['a', 'b'])", 'ab'],
  ["replace('aXbX', 'X', '-')", 'a-b-'],
  ["replace('ab', '', '.')", '.a.b.'],
  ["repeat('ab', 3)", 'ababab'],
  ["indexOf('apple pie', 'pie')", 6],
  ["lastIndexOf('abab', 'ab')", 2],
  ["hasPrefix('abc', 'ab')", true],
  ["hasSuffix('abc', 'bc')", true],
  ['toJSON({b: 1, a: [1, 2.5]})', '{\n  "a": [\n    1,\n    2.5\n  ],\n  "b": 1\n}'],
  ['fromJSON(\'{"a": [1, "x"]}\')', { a: [1, 'x'] }],
  ["type(fromJSON('1'))", 'float'],
  ["fromJson('[true]')", [true]],
  ["toBase64('Hello World')", 'SGVsbG8gV29ybGQ='],
  ["fromBase64('SGVsbG8gV29ybGQ=')", 'Hello World'],
  ['keys(m)', ['b', 'a']],
  ['values(m)', [2, 1]],
  ['toPairs({a: 1})', [['a', 1]]],
  ["fromPairs([['a', 1]])", { a: 1 }],
  ['first([1, 2])', 1],
  ['first([])', null],
  ['last([1, 2])', 2],
  ['take([1, 2, 3], 2)', [1, 2]],
  ['get([1, 2], 5)', null],
  ["get(m, 'a')", 1],
  ['max(1, 5, 3)', 5],
  ['max([1, 2.5])', 2.5],
  ['min(4, 2)', 2],
  ['sum([1, 2, 3])', 6],
  ['sum([1, 0.5])', 1.5],
  ['mean([1, 2, 3])', 2],
  ['median([3, 1, 2])', 2],
  ['sort([3, 1, 2])', [1, 2, 3]],
  ["sort([3, 1, 2], 'desc')", [3, 2, 1]],
  ["sort(['b', 'a'])", ['a', 'b']],
  ['reverse([1, 2])', [2, 1]],
  ['uniq([1, 2, 1, 2.0])', [1, 2]],
  ['concat([1], [2, 3])', [1, 2, 3]],
  ['flatten([1, [2, [3]]])', [1, 2, 3]],
  ['type(1)', 'int'],
  ["type('s')", 'string'],
  ['type(nil)', 'nil'],
  ['type([])', 'array'],
  ['type({})', 'map'],
  ['type(true)', 'bool'],
  ['bitand(12, 10)', 8],
  ['bitor(12, 10)', 14],
  ['bitxor(12, 10)', 6],
  ['bitnand(10, 12)', 2],
  ['bitnot(10)', -11],
  ['bitshl(5, 2)', 20],
  ['bitshr(20, 2)', 5],
  ['bitushr(-5, 62)', 3],
];

const ERRORS: [string, string][] = [
  ['len(1)', 'invalid argument for len'],
  ["int('1.5')", 'invalid operation: int'],
  ["float('x')", 'invalid operation: float'],
  ['upper(1)', 'invalid argument for upper'],
  ["repeat('x', -1)", 'negative Repeat count'],
  ["fromJSON('{')", 'invalid JSON'],
  ["fromBase64('%%')", 'illegal base64'],
  ['sort([1, "a"])', 'cannot compare'],
  ['max()', 'not enough arguments'],
  ['now()', 'now() is not available here'],
  ["date('2020-01-01 00:00')", 'cannot parse'],
  ["duration('1y')", 'invalid duration'],
  ['len()', 'invalid number of arguments'],
];

for (const [source, expected] of ROWS) {
  test(`builtin ${source}`, () => {
    assert.deepStrictEqual(evaluateExpr(source, env), expected);
  });
}

for (const [source, reason] of ERRORS) {
  test(`builtin fails: ${source}`, () => {
    assert.throws(
      () => evaluateExpr(source, env),
      (e: unknown) => e instanceof ExpressionError && e.reason.includes(reason),
    );
  });
}
