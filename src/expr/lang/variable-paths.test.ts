import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exprVariablePaths, parseExpr } from './index.js';

const ROWS: [string, string[][]][] = [
  [
    "inputs.parameters['a-b'] + steps.x.outputs.result",
    [
      ['inputs', 'parameters', 'a-b'],
      ['steps', 'x', 'outputs', 'result'],
    ],
  ],
  ['item', [['item']]],
  ['a.b[c].d', [['a', 'b'], ['c']]],
  ['a[0].b', [['a', '0', 'b']]],
  ['a[1:2]', [['a']]],
  ['a?.b', [['a', 'b']]],
  ['asInt(x.y) + sprig.trim(z)', [['x', 'y'], ['z']]],
  ['filter(list, # > limit and .ok)', [['list'], ['limit']]],
  ['map(xs, #index)', [['xs']]],
  ['let v = w.q; v + v.r', [['w', 'q']]],
  ["$env['a-b'].c", [['a-b', 'c']]],
  ['a.b + a.b', [['a', 'b']]],
  ["'literal.string' + 1", []],
  ['{k: v}[key]', [['v'], ['key']]],
  ['x | upper()', [['x']]],
  ['fromJSON(s).field', [['s']]],
  ['c ? d : e ?? f', [['c'], ['d'], ['e'], ['f']]],
];

for (const [source, expected] of ROWS) {
  test(`variable paths of ${source}`, () => {
    assert.deepStrictEqual(exprVariablePaths(source), expected);
  });
}

test('variable paths accept a parsed expression', () => {
  assert.deepStrictEqual(exprVariablePaths(parseExpr('a.b')), [['a', 'b']]);
});
