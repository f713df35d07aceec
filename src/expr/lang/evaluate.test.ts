import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExpressionError } from '../../errors/index.js';
import { evaluateExpr, evaluateExprToString, UnknownNameError } from './index.js';

const env = {
  inputs: { parameters: { 'a-b': '3', x: 'hello', n: '10', json: '{"a":{"b":[1,2,3]}}' } },
  steps: { 'coin-flip': { outputs: { result: 'heads' } } },
  item: { name: 'x', n: 2, nested: null },
  list: [1, 2, 3],
  users: [
    { name: 'ann', age: 30 },
    { name: 'bob', age: 20 },
  ],
  ratio: 0.5,
  empty: null,
};

type Row = [string, unknown];

/** One row per construct: [expression, expected value or Error-substring wrapped in {error}]. */
const ROWS: Row[] = [
  // literals
  ['42', 42],
  ['0x2A', 42],
  ['0o52', 42],
  ['0b101010', 42],
  ['1_000', 1000],
  ['0.5', 0.5],
  ['.5', 0.5],
  ['1e3', 1000],
  ["'single'", 'single'],
  ['"double"', 'double'],
  ['"esc\\n\\t\\"\\u00e9\\x41"', 'esc\n\t"éA'],
  ["'it\\'s'", "it's"],
  ['`raw\\n`', 'raw\\n'],
  ['true', true],
  ['false', false],
  ['nil', null],
  ['[1, "a", nil]', [1, 'a', null]],
  ['[1, 2,]', [1, 2]],
  ['{a: 1, "b": 2}', { a: 1, b: 2 }],
  ['{(inputs.parameters.x): 1}', { hello: 1 }],
  ['/* comment */ 1 // trailing', 1],
  // unary
  ['!true', false],
  ['not false', true],
  ['-5', -5],
  ['+5', 5],
  ['-(1.5)', -1.5],
  ['- -3', 3],
  // arithmetic
  ['2 ** 3', 8],
  ['2 ^ 3', 8],
  ['2 ** 3 ** 2', 512],
  ['-2 ** 2', -4],
  ['7 * 6', 42],
  ['7 / 2', 3.5],
  ['6 / 2', 3],
  ['7 % 3', 1],
  ['-7 % 3', -1],
  ['1 + 2 * 3', 7],
  ['(1 + 2) * 3', 9],
  ['10 - 2 - 3', 5],
  ['1 + 0.5', 1.5],
  ["'a' + 'b'", 'ab'],
  ['1 / 0', Number.POSITIVE_INFINITY],
  // comparison
  ['1 == 1', true],
  ['1 == 1.0', true],
  ["'1' == 1", false],
  ['nil == nil', true],
  ['[1, 2] == [1, 2]', true],
  ['{a: 1} == {a: 1}', true],
  ['1 != 2', true],
  ['1 < 2', true],
  ['2 > 1', true],
  ['2 <= 2', true],
  ['2 >= 3', false],
  ["'a' < 'b'", true],
  ['1 < 2 < 3', true],
  ['3 > 2 > 2', false],
  // membership & strings
  ['2 in [1, 2]', true],
  ["'a' in {a: 1}", true],
  ['3 not in [1, 2]', true],
  ["'abc' matches '^a.c$'", true],
  ["'abc' not matches 'z'", true],
  ["'abc' contains 'b'", true],
  ["'abc' not contains 'z'", true],
  ["'abc' startsWith 'ab'", true],
  ["'abc' not startsWith 'b'", true],
  ["'abc' endsWith 'bc'", true],
  ["'abc' not endsWith 'b'", true],
  // logic
  ['true and false', false],
  ['true && true', true],
  ['false or true', true],
  ['false || false', false],
  ['false and (1 + "a")', false],
  ['true or (1 + "a")', true],
  ['not (1 > 2) and true', true],
  // conditional & nil coalescing
  ['1 > 2 ? "a" : "b"', 'b'],
  ['true ? 1 : false ? 2 : 3', 1],
  ['nil ?? "x"', 'x'],
  ['"y" ?? "x"', 'y'],
  ['item.missing ?? "dflt"', 'dflt'],
  ['empty ?? 1 ?? 2', 1],
  // range
  ['1..3', [1, 2, 3]],
  ['3..1', []],
  // member access
  ['item.name', 'x'],
  ["item['name']", 'x'],
  ['item.missing', null],
  ['item?.name', 'x'],
  ['empty?.name', null],
  ['empty?.a.b.c', null],
  ["empty?.['a']", null],
  ["inputs.parameters['a-b']", '3'],
  ["steps['coin-flip'].outputs.result", 'heads'],
  ['list[0]', 1],
  ['list[-1]', 3],
  ['list[1:3]', [2, 3]],
  ['list[:2]', [1, 2]],
  ['list[1:]', [2, 3]],
  ['list[:]', [1, 2, 3]],
  ['list[1:-1]', [2]],
  ["'hello'[1]", 'e'],
  ["'hello'[1:3]", 'el'],
  ['users[1].name', 'bob'],
  ['ratio * 2', 1],
  ['$env.item.name', 'x'],
  ["'item' in $env", true],
  // pipe and let
  ['inputs.parameters.x | upper()', 'HELLO'],
  ["'a,b' | split(',') | join('-')", 'a-b'],
  ['list | filter(# > 1) | map(# * 10)', [20, 30]],
  ['let y = 2; y * 3', 6],
  ['let a = 1; let b = a + 1; a + b', 3],
  // predicates
  ['filter([1, 2, 3], {# > 1})', [2, 3]],
  ['filter([1, 2, 3], # > 1)', [2, 3]],
  ['map([1, 2], {# * 2})', [2, 4]],
  ['map(users, .name)', ['ann', 'bob']],
  ['map(users, #.age)', [30, 20]],
  ['map([5, 6], #index)', [0, 1]],
  ['all([1, 2], # > 0)', true],
  ['any([1, 2], # > 1)', true],
  ['none([1, 2], # > 2)', true],
  ['one([1, 2], # > 1)', true],
  ['count([1, 2, 3], # > 1)', 2],
  ['count([true, false, true])', 2],
  ['find([1, 2, 3], # > 1)', 2],
  ['find([1, 2, 3], # > 5)', null],
  ['findIndex([1, 2, 3], # > 1)', 1],
  ['findLast([1, 2, 3], # > 1)', 3],
  ['findLastIndex([1, 2, 3], # > 1)', 2],
  ['groupBy(users, .age > 25)', { true: [{ name: 'ann', age: 30 }], false: [{ name: 'bob', age: 20 }] }],
  ['sortBy(users, .age)[0].name', 'bob'],
  ["sortBy(users, .age, 'desc')[0].name", 'ann'],
  ['reduce(1..4, #acc + #)', 10],
  ['reduce(1..4, #acc + #, 10)', 20],
  ['sum(users, .age)', 50],
  ['filter(map(users, .age), # > 25)', [30]],
  ['map([[1, 2], [3]], len(#))', [2, 1]],
  ['map([[1, 2]], map(#, # + 1))', [[2, 3]]],
];

const ERRORS: [string, string][] = [
  ["'1' + 1", 'mismatched types string and int'],
  ['1 + true', 'mismatched types int and bool'],
  ['1.5 % 1', 'mismatched types float64 and int'],
  ['1 % 0', 'integer divide by zero'],
  ['!1', 'mismatched type int'],
  ['1 and true', 'mismatched type int'],
  ['1 ? 2 : 3', 'non-bool'],
  ["1 < 'a'", 'mismatched types'],
  ['list[5]', 'index out of range'],
  ["list['a']", 'cannot fetch a from []interface {}'],
  ['list[1.5]', 'cannot index'],
  ['empty.name', 'cannot fetch name from <nil>'],
  ['item.name.x', 'cannot fetch x from string'],
  ["1 matches 'a'", 'mismatched types'],
  ['1 in 2', 'mismatched types'],
  ["'a'..'b'", 'mismatched types'],
  ['filter(1, # > 1)', 'cannot iterate'],
  ['filter([1], #)', 'must return bool'],
  ['nosuchfn(1)', 'unknown func nosuchfn'],
  ['sprig.nosuch(1)', 'unknown func sprig.nosuch'],
  ['item(1)', 'is not a function'],
  ["sortBy([1], #, 'up')", 'unknown order'],
];

for (const [source, expected] of ROWS) {
  test(`evaluates ${source}`, () => {
    assert.deepStrictEqual(evaluateExpr(source, env), expected);
  });
}

for (const [source, reason] of ERRORS) {
  test(`fails on ${source}`, () => {
    assert.throws(
      () => evaluateExpr(source, env),
      (e: unknown) => e instanceof ExpressionError && e.reason.includes(reason) && e.position !== undefined,
    );
  });
}

test('an unknown name is an UnknownNameError with code and name', () => {
  try {
    evaluateExpr('workflow.name + 1', env);
    assert.fail('expected an error');
  } catch (e) {
    assert.ok(e instanceof UnknownNameError);
    assert.ok(e instanceof ExpressionError);
    assert.equal(e.code, 'unknown-name');
    assert.equal(e.unknownName, 'workflow');
    assert.equal(e.reason, 'unknown name workflow');
    assert.equal(e.position, 0);
  }
});

test('a missing map key is nil, not an unknown name', () => {
  assert.equal(evaluateExpr('inputs.parameters.nope', env), null);
});

test('evaluateExprToString formats like Go %v', () => {
  const rows: [string, string][] = [
    ["'s'", 's'],
    ['1', '1'],
    ['1.5', '1.5'],
    ['4000000 / 2', '2e+06'],
    ['100000.0', '100000'],
    ['0.00001', '1e-05'],
    ['[1, "a"]', '[1 a]'],
    ['{b: 1, a: [true]}', 'map[a:[true] b:1]'],
    ['nil', '<nil>'],
    ['1 / 0', '+Inf'],
  ];
  for (const [source, expected] of rows) assert.equal(evaluateExprToString(source, {}), expected, source);
});

test('a parsed expression evaluates repeatedly against different envs', async () => {
  const { parseExpr } = await import('./index.js');
  const parsed = parseExpr('x * 2');
  assert.equal(evaluateExpr(parsed, { x: 2 }), 4);
  assert.equal(evaluateExpr(parsed, { x: 5 }), 10);
});
