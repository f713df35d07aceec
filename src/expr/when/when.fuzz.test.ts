import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import { ExpressionError } from '../../errors/index.js';
import { checkWhen, evaluateWhen } from './index.js';

const piece = fc.constantFrom(
  'heads',
  'tails',
  '1',
  '2.5',
  '0x1f',
  '.',
  'true',
  'false',
  'in',
  'a.B',
  ' ',
  ' ',
  '==',
  '!=',
  '<',
  '>=',
  '=~',
  '!~',
  '&&',
  '||',
  '!',
  '-',
  '+',
  '*',
  '/',
  '%',
  '**',
  '&',
  '|',
  '^',
  '<<',
  '?',
  ':',
  '??',
  ',',
  '(',
  ')',
  '[',
  ']',
  "'",
  '"',
  '\\',
  '{{',
  '}}',
  '{{x}}',
  '=',
  'é',
  '٣',
);
const condition = fc.oneof(
  { weight: 3, arbitrary: fc.array(piece, { maxLength: 25 }).map((p) => p.join('')) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
);

function onlyExpressionErrors(run: () => unknown): void {
  try {
    run();
  } catch (err) {
    assert.ok(err instanceof ExpressionError, `unexpected ${String(err)}`);
  }
}

it('fuzz: when throws only ExpressionError and returns booleans (40k inputs)', () => {
  fc.assert(
    fc.property(condition, (c) => {
      onlyExpressionErrors(() => assert.equal(typeof evaluateWhen(c), 'boolean'));
      onlyExpressionErrors(() => checkWhen(c));
    }),
    { numRuns: 40_000 },
  );
});
