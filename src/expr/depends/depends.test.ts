import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExpressionError } from '../../errors/index.js';
import {
  type DependsAst,
  type DependsResult,
  dependenciesToDepends,
  dependsComplete,
  dependsTasks,
  evaluateDepends,
  parseDepends,
  type TaskOutcome,
} from './index.js';

const task = (name: string, result: DependsResult | null = null): DependsAst => ({
  kind: 'task',
  task: name,
  result,
});

describe('parseDepends', () => {
  it('parses names, results, operators and parentheses', () => {
    assert.deepEqual(parseDepends('A && (B.Succeeded || C.Failed) && !D.Skipped'), {
      kind: 'and',
      left: task('A'),
      right: {
        kind: 'and',
        left: { kind: 'or', left: task('B', 'Succeeded'), right: task('C', 'Failed') },
        right: { kind: 'not', operand: task('D', 'Skipped') },
      },
    });
  });
  it('binds && tighter than ||', () => {
    assert.deepEqual(parseDepends('a || b && c'), {
      kind: 'or',
      left: task('a'),
      right: { kind: 'and', left: task('b'), right: task('c') },
    });
  });
  it('accepts dashes, underscores, digits and every result', () => {
    for (const result of [
      'Succeeded',
      'Failed',
      'Errored',
      'Skipped',
      'Omitted',
      'Daemoned',
      'AnySucceeded',
      'AllFailed',
    ]) {
      assert.deepEqual(parseDepends(`task-1_b.${result}`), task('task-1_b', result as DependsResult));
    }
  });
  it('accepts expr-lang word operators', () => {
    assert.deepEqual(parseDepends('not a and b or c'), parseDepends('!a && b || c'));
  });
  const bad: [string, RegExp][] = [
    ['A.Succeded', /unknown task result '.Succeded'/],
    ['A.succeeded', /unknown task result/],
    ['', /empty depends/],
    ['A &&', /unexpected end/],
    ['A B', /unexpected 'B'/],
    ['(A', /missing "\)"/],
    ['A)', /unexpected '\)'/],
    ['A & B', /unexpected character '&'/],
    ['A.', /unexpected character '.'/],
    ['A.Succeeded.X', /unexpected character '.'/],
    ['!', /unexpected end/],
    [`${'('.repeat(1000)}A${')'.repeat(1000)}`, /nested more than/],
  ];
  for (const [source, want] of bad) {
    it(`rejects ${JSON.stringify(source.slice(0, 30))}`, () => {
      assert.throws(
        () => parseDepends(source),
        (err: unknown) => err instanceof ExpressionError && want.test(err.message),
      );
    });
  }
  it('keeps 10k-task chains shallow', () => {
    const names = Array.from({ length: 10_000 }, (_, i) => `t${i}`);
    const ast = parseDepends(dependenciesToDepends(names));
    assert.deepEqual(dependsTasks(ast), names);
    assert.equal(
      evaluateDepends(ast, () => ({ phase: 'Succeeded' })),
      true,
    );
  });
});

describe('dependsTasks / dependenciesToDepends', () => {
  it('lists tasks once in order of first appearance', () => {
    assert.deepEqual(dependsTasks(parseDepends('b.Failed || (a && b) || !c')), ['b', 'a', 'c']);
  });
  it('joins dependencies with &&', () => {
    assert.equal(dependenciesToDepends(['A', 'B', 'C']), 'A && B && C');
  });
});

describe('evaluateDepends', () => {
  const outcomes: Record<string, TaskOutcome> = {
    ok: { phase: 'Succeeded' },
    failed: { phase: 'Failed' },
    errored: { phase: 'Error' },
    skipped: { phase: 'Skipped' },
    omitted: { phase: 'Omitted' },
    daemon: { phase: 'Running', daemoned: true },
    pendingDaemon: { phase: 'Pending', daemoned: true },
    someOk: { phase: 'Failed', childPhases: ['Failed', 'Succeeded'] },
    allFailed: { phase: 'Failed', childPhases: ['Failed', 'Failed'] },
    noChildren: { phase: 'Succeeded', childPhases: [] },
  };
  const outcome = (name: string) => outcomes[name];
  const table: [string, boolean][] = [
    ['ok', true],
    ['skipped', true],
    ['daemon', true],
    ['failed', false],
    ['errored', false],
    ['omitted', false],
    ['pendingDaemon', false],
    ['missing', false],
    ['ok.Succeeded', true],
    ['failed.Failed', true],
    ['errored.Failed', false],
    ['errored.Errored', true],
    ['skipped.Skipped', true],
    ['omitted.Omitted', true],
    ['daemon.Daemoned', true],
    ['pendingDaemon.Daemoned', false],
    ['someOk.AnySucceeded', true],
    ['allFailed.AnySucceeded', false],
    ['allFailed.AllFailed', true],
    ['someOk.AllFailed', false],
    ['noChildren.AllFailed', false],
    ['ok.AnySucceeded', false],
    ['ok && failed.Failed', true],
    ['ok && !failed.Failed', false],
    ['failed || skipped', true],
    ['(failed.Succeeded || failed.Failed) && !errored.Succeeded', true],
  ];
  for (const [source, want] of table) {
    it(`${source} -> ${want}`, () => assert.equal(evaluateDepends(parseDepends(source), outcome), want));
  }
});

describe('dependsComplete', () => {
  const ast = parseDepends('a && (b.Failed || c)');
  const cases: [Record<string, TaskOutcome>, boolean][] = [
    [{ a: { phase: 'Succeeded' }, b: { phase: 'Failed' }, c: { phase: 'Skipped' } }, true],
    [{ a: { phase: 'Error' }, b: { phase: 'Omitted' }, c: { phase: 'Succeeded' } }, true],
    [{ a: { phase: 'Succeeded' }, b: { phase: 'Running' }, c: { phase: 'Succeeded' } }, false],
    [{ a: { phase: 'Running', daemoned: true }, b: { phase: 'Failed' }, c: { phase: 'Failed' } }, true],
    [{ a: { phase: 'Pending', daemoned: true }, b: { phase: 'Failed' }, c: { phase: 'Failed' } }, false],
    [{ a: { phase: 'Succeeded' }, b: { phase: 'Failed' } }, false],
  ];
  cases.forEach(([outcomes, want], i) => {
    it(`case ${i} -> ${want}`, () =>
      assert.equal(
        dependsComplete(ast, (t) => outcomes[t]),
        want,
      ));
  });
});
