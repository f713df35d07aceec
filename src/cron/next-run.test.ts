import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../errors/index.js';
import { compileSchedules, lastRunBetween, nextRun, nextRunOf } from './next-run.js';

function runs(schedule: string, zone: string, from: string, n: number): string[] {
  const [s] = compileSchedules([schedule], zone);
  assert.ok(s);
  const out: string[] = [];
  let t: Date | undefined = new Date(from);
  for (let i = 0; i < n && t; i++) {
    t = nextRun(s, t);
    if (t) out.push(t.toISOString());
  }
  return out;
}

describe('nextRun', () => {
  it('fires every minute, strictly after the given time', () => {
    assert.deepEqual(runs('* * * * *', 'UTC', '2024-01-01T10:00:00Z', 2), [
      '2024-01-01T10:01:00.000Z',
      '2024-01-01T10:02:00.000Z',
    ]);
    assert.deepEqual(runs('* * * * *', 'UTC', '2024-01-01T10:00:30Z', 1), ['2024-01-01T10:01:00.000Z']);
  });

  it('reads ranges, lists, steps and names', () => {
    assert.deepEqual(runs('*/20 9-10 * * mon-fri', 'UTC', '2024-01-05T10:30:00Z', 3), [
      '2024-01-05T10:40:00.000Z',
      '2024-01-08T09:00:00.000Z',
      '2024-01-08T09:20:00.000Z',
    ]);
    assert.deepEqual(runs('0 0 1 jan,jul *', 'UTC', '2024-02-01T00:00:00Z', 2), [
      '2024-07-01T00:00:00.000Z',
      '2025-01-01T00:00:00.000Z',
    ]);
  });

  it('ORs day-of-month and day-of-week when both are restricted, ANDs when one is *', () => {
    // The 13th or any Friday (2024-09-06 is a Friday, the 13th is a Friday too).
    assert.deepEqual(runs('0 0 13 * 5', 'UTC', '2024-09-01T00:00:00Z', 3), [
      '2024-09-06T00:00:00.000Z',
      '2024-09-13T00:00:00.000Z',
      '2024-09-20T00:00:00.000Z',
    ]);
    assert.deepEqual(runs('0 0 * * 5', 'UTC', '2024-09-01T00:00:00Z', 1), ['2024-09-06T00:00:00.000Z']);
  });

  it('expands descriptors and @every', () => {
    assert.deepEqual(runs('@daily', 'UTC', '2024-01-01T10:00:00Z', 1), ['2024-01-02T00:00:00.000Z']);
    assert.deepEqual(runs('@every 90s', 'UTC', '2024-01-01T10:00:00.500Z', 2), [
      '2024-01-01T10:01:30.000Z',
      '2024-01-01T10:03:00.000Z',
    ]);
  });

  it('counts @every from an anchor (the last run) when given one', () => {
    const [s] = compileSchedules(['@every 5m'], 'UTC');
    assert.ok(s);
    const anchor = new Date('2024-01-01T10:00:00Z');
    assert.equal(
      nextRun(s, new Date('2024-01-01T10:07:00Z'), anchor)?.toISOString(),
      '2024-01-01T10:10:00.000Z',
    );
    assert.equal(
      nextRun(s, new Date('2024-01-01T10:10:00Z'), anchor)?.toISOString(),
      '2024-01-01T10:15:00.000Z',
    );
    assert.equal(
      lastRunBetween(
        [s],
        new Date('2024-01-01T10:09:59Z'),
        new Date('2024-01-01T10:10:00Z'),
        anchor,
      )?.toISOString(),
      '2024-01-01T10:10:00.000Z',
    );
  });

  it('uses the timezone, and CRON_TZ= in the schedule wins', () => {
    assert.deepEqual(runs('0 9 * * *', 'Asia/Tokyo', '2024-01-01T00:00:00Z', 1), [
      '2024-01-02T00:00:00.000Z',
    ]);
    assert.deepEqual(runs('CRON_TZ=America/New_York 0 9 * * *', 'Asia/Tokyo', '2024-01-01T00:00:00Z', 1), [
      '2024-01-01T14:00:00.000Z',
    ]);
  });

  it('skips a wall time lost to DST spring-forward (Argo docs, America/Los_Angeles 2020-03-08)', () => {
    assert.deepEqual(runs('59 1 * * *', 'America/Los_Angeles', '2020-03-07T12:00:00Z', 3), [
      '2020-03-08T09:59:00.000Z', // 01:59 PST
      '2020-03-09T08:59:00.000Z', // 01:59 PDT
      '2020-03-10T08:59:00.000Z',
    ]);
    assert.deepEqual(runs('0 2 * * *', 'America/Los_Angeles', '2020-03-07T12:00:00Z', 2), [
      '2020-03-09T09:00:00.000Z', // 02:00 PDT on the 9th: the 8th has no 02:00
      '2020-03-10T09:00:00.000Z',
    ]);
    assert.deepEqual(runs('1 2 * * *', 'America/Los_Angeles', '2020-03-07T12:00:00Z', 1), [
      '2020-03-09T09:01:00.000Z',
    ]);
  });

  it('fires twice for a wall time repeated by DST fall-back (Argo docs, 2020-11-01)', () => {
    assert.deepEqual(runs('59 1 * * *', 'America/Los_Angeles', '2020-10-31T12:00:00Z', 3), [
      '2020-11-01T08:59:00.000Z', // 01:59 PDT
      '2020-11-01T09:59:00.000Z', // 01:59 PST
      '2020-11-02T09:59:00.000Z',
    ]);
    assert.deepEqual(runs('0 2 * * *', 'America/Los_Angeles', '2020-10-31T12:00:00Z', 2), [
      '2020-11-01T10:00:00.000Z', // 02:00 PST, once
      '2020-11-02T10:00:00.000Z',
    ]);
  });

  it('never fires for an impossible date', () => {
    assert.deepEqual(runs('0 0 30 2 *', 'UTC', '2024-01-01T00:00:00Z', 1), []);
  });

  it('refuses an unknown timezone and a bad schedule with the field', () => {
    assert.throws(
      () => compileSchedules(['* * * * *'], 'Mars/Olympus'),
      (e: unknown) =>
        e instanceof ValidationError && e.path === 'spec.timezone' && /unknown time zone/.test(e.reason),
    );
    assert.throws(
      () => compileSchedules(['* * * * *', '0 25 * * *'], 'UTC'),
      (e: unknown) => e instanceof ValidationError && e.path === 'spec.schedules[1]' && /hour/.test(e.reason),
    );
  });
});

describe('nextRunOf / lastRunBetween', () => {
  const schedules = compileSchedules(['*/3 * * * *', '*/2 * * * *'], 'UTC');
  it('takes the earliest of several schedules', () => {
    assert.equal(
      nextRunOf(schedules, new Date('2024-01-01T00:00:00Z'))?.toISOString(),
      '2024-01-01T00:02:00.000Z',
    );
    assert.equal(
      nextRunOf(schedules, new Date('2024-01-01T00:02:00Z'))?.toISOString(),
      '2024-01-01T00:03:00.000Z',
    );
  });
  it('finds the latest firing in a window, or none', () => {
    const from = new Date('2024-01-01T00:00:00Z');
    assert.equal(
      lastRunBetween(schedules, from, new Date('2024-01-01T00:07:59Z'))?.toISOString(),
      '2024-01-01T00:06:00.000Z',
    );
    assert.equal(lastRunBetween(schedules, from, new Date('2024-01-01T00:01:59Z')), undefined);
  });
});
