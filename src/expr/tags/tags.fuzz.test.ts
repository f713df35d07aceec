import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import { ExpressionError } from '../../errors/index.js';
import { findTags, substitute, tagVariables } from './index.js';

const piece = fc.constantFrom(
  '{{',
  '}}',
  '{',
  '}',
  '=',
  ' ',
  'a',
  'x.y',
  "'",
  '"',
  '[',
  ']',
  '(',
  ')',
  '+',
  '\\',
  '-',
  '.',
  'inputs.parameters.x',
);
const text = fc.oneof(
  fc.array(piece, { maxLength: 30 }).map((p) => p.join('')),
  fc.string({ maxLength: 60 }),
);
const vars = { a: 'A', 'x.y': 'XY', 'inputs.parameters.x': '{{a}}' };

function onlyExpressionErrors(run: () => unknown): void {
  try {
    run();
  } catch (err) {
    assert.ok(err instanceof ExpressionError, `unexpected ${String(err)}`);
  }
}

it('fuzz: tags throw only ExpressionError (35k inputs)', () => {
  fc.assert(
    fc.property(text, fc.boolean(), (t, allow) => {
      onlyExpressionErrors(() => findTags(t));
      onlyExpressionErrors(() => substitute(t, vars, { allowUnresolved: allow }));
      onlyExpressionErrors(() => tagVariables(t));
      // With unresolved tags allowed and no expression tags, the text survives when nothing resolves.
      if (allow && !t.includes('{{=')) {
        try {
          assert.equal(substitute(t, {}, { allowUnresolved: true }), t);
        } catch (err) {
          assert.ok(err instanceof ExpressionError);
        }
      }
    }),
    { numRuns: 35_000 },
  );
});
