import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import { ExpressionError } from '../../errors/index.js';
import { dependsComplete, dependsTasks, evaluateDepends, parseDepends, type TaskOutcome } from './index.js';

const piece = fc.constantFrom(
  'A',
  'b-1',
  'task_2',
  '.Succeeded',
  '.Failed',
  '.AllFailed',
  '.Bogus',
  '.',
  ' ',
  '&&',
  '||',
  '&',
  '|',
  '!',
  '(',
  ')',
  'and',
  'or',
  'not',
  '-',
  '{{',
  "'",
  'é',
);
const source = fc.oneof(
  { weight: 3, arbitrary: fc.array(piece, { maxLength: 20 }).map((p) => p.join('')) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
);
const phases: TaskOutcome['phase'][] = [
  'Pending',
  'Running',
  'Succeeded',
  'Failed',
  'Error',
  'Skipped',
  'Omitted',
];

it('fuzz: depends throws only ExpressionError; evaluation is total (30k inputs)', () => {
  fc.assert(
    fc.property(source, fc.integer({ min: 0, max: 1000 }), (s, seed) => {
      let ast: ReturnType<typeof parseDepends>;
      try {
        ast = parseDepends(s);
      } catch (err) {
        assert.ok(err instanceof ExpressionError, `unexpected ${String(err)}`);
        return;
      }
      const outcome = (task: string): TaskOutcome | undefined => {
        const i = (task.length + seed) % (phases.length + 1);
        const phase = phases[i];
        return phase
          ? { phase, daemoned: seed % 3 === 0, childPhases: seed % 2 ? ['Failed'] : [] }
          : undefined;
      };
      assert.equal(typeof evaluateDepends(ast, outcome), 'boolean');
      assert.equal(typeof dependsComplete(ast, outcome), 'boolean');
      assert.ok(dependsTasks(ast).length > 0);
    }),
    { numRuns: 30_000 },
  );
});
