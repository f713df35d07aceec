import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExpressionError } from '../../errors/index.js';
import { evaluateExpr, evaluateExprToString, exprTime } from './index.js';

const now = new Date('2024-05-01T12:10:00Z');
const env = { last: exprTime('2024-05-01T12:00:00Z'), none: null };
const run = (source: string) => evaluateExpr(source, env, { now });

describe('time values (Go time.Time / time.Duration in expr)', () => {
  it('now() is the clock the caller passes, never the system clock', () => {
    assert.equal(run('now()'), '2024-05-01T12:10:00Z');
    assert.throws(
      () => evaluateExpr('now()', env),
      (e: unknown) => e instanceof ExpressionError && /not available here/.test(e.reason),
    );
  });

  it('time - time is a duration; .Seconds(), .Minutes(), .Hours() are floats', () => {
    assert.equal(run('(now() - last).Seconds()'), 600);
    assert.equal(run('(now() - last).Minutes()'), 10);
    assert.equal(run('(now() - last).Hours() < 1'), true);
    assert.equal(run('(last - now()).Seconds()'), -600);
    assert.equal(run('type((now() - last).Seconds())'), 'float');
  });

  it("Argo's cron example: nil before the first run, then the time since it", () => {
    const when = 'last == nil || (now() - last).Seconds() > 360';
    assert.equal(run(when), true);
    assert.equal(evaluateExpr(when, env, { now: new Date('2024-05-01T12:05:00Z') }), false);
    assert.equal(evaluateExpr(when.replaceAll('last', 'none'), env, { now }), true);
  });

  it('time ± duration, duration arithmetic and comparisons', () => {
    assert.equal(run('last + duration("1h30m")'), '2024-05-01T13:30:00Z');
    assert.equal(run('last - duration("90s") < last'), true);
    assert.equal(run('duration("1m") + duration("30s") == duration("90s")'), true);
    assert.equal(run('now() > last && last < now() && last != now()'), true);
    assert.equal(run('date("2024-05-01T12:00:00Z") == last'), true);
    assert.equal(run('date("2024-05-01") < last'), true);
    assert.equal(run('last.Add(duration("-2h")).Hour()'), 10);
    assert.equal(run('now().Sub(last).String()'), '10m0s');
    assert.equal(run('last.Unix()'), Date.parse('2024-05-01T12:00:00Z') / 1000);
    assert.equal(run('last.Before(now()) && now().After(last)'), true);
  });

  it('prints as Go does (%v)', () => {
    assert.equal(evaluateExprToString('last', env), '2024-05-01 12:00:00 +0000 UTC');
    assert.equal(evaluateExprToString('duration("1h2m3.5s")', env), '1h2m3.5s');
    assert.equal(evaluateExprToString('duration("300ms")', env), '300ms');
    assert.equal(evaluateExprToString('duration("2h")', env), '2h0m0s');
  });

  it('mismatched operands and unknown methods are errors, not NaN', () => {
    for (const [source, reason] of [
      ['last + last', 'mismatched types time.Time and time.Time'],
      ['last - 1', 'mismatched types time.Time and int'],
      ['last < 5', 'mismatched types time.Time and int'],
      ['last.Nope()', 'has no method Nope'],
      ['last.constructor()', 'has no method constructor'],
      ['last.ms', 'time.Time'],
      ['duration("1h").Seconds(1)', 'takes no arguments'],
      ['duration("5 minutes")', 'invalid duration'],
    ] as const) {
      assert.throws(
        () => run(source),
        (e: unknown) => e instanceof ExpressionError && e.reason.includes(reason),
        source,
      );
    }
  });
});
