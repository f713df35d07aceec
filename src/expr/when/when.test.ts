import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExpressionError } from '../../errors/index.js';
import { goFloat } from './go-values.js';
import { checkWhen, evaluateWhen } from './index.js';

describe('evaluateWhen (govaluate semantics, as after Argo substitution)', () => {
  const table: [string, boolean][] = [
    ['heads == heads', true],
    ['heads == tails', false],
    ['tails != heads', true],
    ['"heads" == heads', true],
    ['\'a b\' == "a b"', true],
    ['Succeeded == Succeeded', true],
    ['[my value] == "my value"', true],
    ['true', true],
    ['false', false],
    ['true == true', true],
    ['true == "true"', false],
    ['1 == "1"', false],
    ['1.0 == 1', true],
    ['01 == 1', true],
    ['0x1F == 31', true],
    ['3 < 10', true],
    ['10 <= 10', true],
    ['2 > 10', false],
    ['"b" > "a"', true],
    ['"10" < "9"', true],
    ['1 + 2 * 3 == 7', true],
    ['(1 + 2) * 3 == 9', true],
    ['10 - 2 - 3 == 5', true],
    ['2 ** 3 == 8', true],
    ['-2 ** 2 == 4', true],
    ['7 % 4 == 3', true],
    ['1 / 0 > 1000', true],
    ['"a" + 1 == "a1"', true],
    ['"n" + 1.5 == "n1.5"', true],
    ['6 & 3 == 2', true],
    ['1 << 4 == 16', true],
    ['heads =~ hea', true],
    ['tails =~ hea', false],
    ["heads !~ '^t'", true],
    ['abc =~ "^a.c$"', true],
    ['true && false || true', true],
    ['true || false && false', true],
    ['!false', true],
    ['!(1 == 2)', true],
    ['1 != 1 && 1 != 2', false],
    ['3 != 1 && 3 != 2', true],
    ['2 in (1, 2, 3)', true],
    ['a in (b, c)', false],
    ['true ? true : false', true],
    ['false ? false : true', true],
    ["'2020-01-01' == '2020-01-01 00:00'", true],
    ["'2020-01-02' > '2020-01-01T00:00:00Z'", true],
    ['( heads == heads && tails == tails ) ||\n( x == y )', true],
    ['', true],
  ];
  for (const [condition, want] of table) {
    it(`${JSON.stringify(condition)} -> ${want}`, () => assert.equal(evaluateWhen(condition), want));
  }

  const errors: [string, RegExp][] = [
    ['heads', /non-boolean/],
    ['1 + 1', /non-boolean/],
    ['5 > "4"', /cannot be used with the comparator '>', it is not a number/],
    ['true > false', /it is not a number/],
    ['"a" - 1', /cannot be used with the modifier '-'/],
    ['my-value == my-value', /modifier '-'/],
    ['1 && true', /logical operator/],
    ['!heads', /Cannot transition token types/],
    ['a = b', /Invalid token: '='/],
    ['a === b', /Invalid token/],
    ['true &&& false', /Invalid token/],
    ['(1 == 1', /Unbalanced parenthesis/],
    ['1 == 1)', /Unbalanced parenthesis/],
    ['1 ==', /Unexpected end of expression/],
    ['1.2.3 == 1', /Unable to parse numeric value/],
    ["'abc == abc", /Unclosed string literal/],
    ['[abc == abc', /Unclosed parameter bracket/],
    ['v1.2 == x', /No parameter 'v1' found/],
    ['a.b == c', /unexported field 'b'/],
    ['a. == c', /Hanging accessor/],
    ['foo(1) == 1', /Undefined function foo/],
    ['x =~ "("', /Unable to compile regexp/],
    ['1 in 1', /it is not an array/],
    ['{{x}} == y', /Invalid token/],
    ['  ', /Unexpected end of expression/],
  ];
  for (const [condition, want] of errors) {
    it(`${JSON.stringify(condition)} throws ${want}`, () => {
      assert.throws(
        () => evaluateWhen(condition),
        (err: unknown) => err instanceof ExpressionError && want.test(err.message),
      );
    });
  }

  it('matches regexes in linear time (no catastrophic backtracking)', () => {
    const started = Date.now();
    assert.equal(evaluateWhen(`${'a'.repeat(5000)}b =~ '(a+)+$'`), false);
    assert.ok(Date.now() - started < 2000);
  });
  it('rejects hostile nesting and sizes with ExpressionError', () => {
    assert.throws(() => evaluateWhen(`${'('.repeat(5000)}1${')'.repeat(5000)} == 1`), ExpressionError);
    assert.throws(() => evaluateWhen(`${'1 + '.repeat(20000)}1 == 1`), ExpressionError);
    assert.equal(evaluateWhen(`${'1 + '.repeat(1500)}1 == 1501`), true);
  });
});

describe('checkWhen', () => {
  const ok = [
    '{{steps.flip-coin.outputs.result}} == heads',
    '{{steps.iterate-counter.outputs.result}} < {{inputs.parameters.limit}}',
    '{{inputs.parameters.num-1}} != 1 && {{inputs.parameters.num-1}} != 2',
    '{{= inputs.parameters["should-print"] == \'true\'}}',
    "'{{x}}' == 'a'",
    '1{{x}} > {{y}}.5',
    '{{x}} =~ {{y}}',
  ];
  for (const condition of ok) it(`accepts ${condition}`, () => checkWhen(condition));
  const bad = ['{{x}} ==', '{{x}} = 1', '{{x', '({{x}} == 1', '{{x}} =~ "("'];
  for (const condition of bad) {
    it(`rejects ${condition}`, () => assert.throws(() => checkWhen(condition), ExpressionError));
  }
});

describe('goFloat (Go %v)', () => {
  const table: [number, string][] = [
    [1, '1'],
    [1.5, '1.5'],
    [100, '100'],
    [123456, '123456'],
    [1234567, '1.234567e+06'],
    [1e6, '1e+06'],
    [1577836800, '1.5778368e+09'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [-2.5, '-2.5'],
    [1e21, '1e+21'],
  ];
  for (const [value, want] of table) it(`${value} -> ${want}`, () => assert.equal(goFloat(value), want));
});
