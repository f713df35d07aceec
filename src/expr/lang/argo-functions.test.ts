import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExpressionError } from '../../errors/index.js';
import { evaluateExpr, evaluateExprToString } from './index.js';

const doc = JSON.stringify({ a: { b: [{ c: 1 }, { c: 2 }], 'x-y': 'z' }, n: 1000000 });
const env = {
  inputs: { parameters: { 'my-int': '3', f: '1.5', json: doc } },
  lastRetry: { exitCode: '2', status: 'Failed' },
};

/** Argo's additions (util/expr/env): asInt, asFloat, toJson, jsonpath, string. */
const ROWS: [string, unknown][] = [
  ["asInt(inputs.parameters['my-int']) + 1", 4],
  ['asFloat(inputs.parameters.f) * 2', 3],
  ['asInt(lastRetry.exitCode) >= 2', true],
  ["lastRetry.exitCode != '2'", false],
  ["lastRetry.status == 'Failed'", true],
  ['string(1)', '1'],
  ['toJson([1, 2])', '[1,2]'],
  ['toJson(filter([1, 3], {# > 1}))', '[3]'],
  ["toJson({b: 'x', a: nil})", '{"a":null,"b":"x"}'],
  ["jsonpath(inputs.parameters.json, '$.a.b[0].c')", 1],
  ["jsonpath(inputs.parameters.json, '$.a.b[*].c')", [1, 2]],
  ["jsonpath(inputs.parameters.json, \"$['a']['x-y']\")", 'z'],
  ["jsonpath(inputs.parameters.json, '$.a.b[-1].c')", 2],
  ["jsonpath(inputs.parameters.json, '$..c')", [1, 2]],
  ["jsonpath(inputs.parameters.json, '$.a.b[0:1]')", [{ c: 1 }]],
  ["jsonpath(inputs.parameters.json, '$.a.b')", [{ c: 1 }, { c: 2 }]],
  ["jsonpath(inputs.parameters.json, '$.a.b[?(@.c == 2)].c')", [2]],
  ["jsonpath(inputs.parameters.json, '$.a.b[?(@.c > 0 && @.c < 2)]')", [{ c: 1 }]],
  ["jsonpath(inputs.parameters.json, '$.a.b[?(@.c == 5 || !(@.c != 1))].c')", [1]],
  ["jsonpath(inputs.parameters.json, '$.a.b[?(@.c)].c')", [1, 2]],
  ["jsonpath(inputs.parameters.json, '$.a.b[?(@.missing)]')", []],
  ['jsonpath(\'[{"n":"x","a":[1]}]\', \'$[?(@.a[0] == 1)].n\')', ['x']],
];

for (const [source, expected] of ROWS) {
  test(`argo ${source}`, () => {
    assert.deepStrictEqual(evaluateExpr(source, env), expected);
  });
}

test('jsonpath numbers are float64 like Go (1e+06 when formatted)', () => {
  assert.equal(evaluateExprToString("jsonpath(inputs.parameters.json, '$.n')", env), '1e+06');
});

for (const [source, reason] of [
  ["asInt('x')", 'invalid operation: asInt'],
  ["asFloat('x')", 'invalid operation: asFloat'],
  ["jsonpath('{', '$.a')", 'invalid JSON'],
  ["jsonpath('{}', '$.missing')", "key 'missing' not found"],
  ["jsonpath('{}', 'a')", 'must start with $'],
  ["jsonpath('[]', '$[(@.length-1)]')", 'script expressions are not supported'],
  ["jsonpath('[1]', '$[?(@ ==)]')", 'filter ends early'],
] as const) {
  test(`argo fails: ${source}`, () => {
    assert.throws(
      () => evaluateExpr(source, env),
      (e: unknown) => e instanceof ExpressionError && e.reason.includes(reason),
    );
  });
}
