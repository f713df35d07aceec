import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cronRule } from './cron-rule.js';
import { cronScheduleError, isTimeZone } from './cron-syntax.js';
import { lintYaml } from './test-support.js';

describe('cron syntax', () => {
  it('accepts what robfig/cron ParseStandard accepts', () => {
    for (const ok of [
      '* * * * *',
      '*/5 0-23/2 1,15 JAN-mar ?',
      '0 9 * * MON-FRI',
      '@hourly',
      '@every 1h30m',
      'CRON_TZ=Asia/Tokyo 0 6 * * *',
      '59 23 31 12 6',
    ]) {
      assert.equal(cronScheduleError(ok), undefined, ok);
    }
  });

  it('explains what is wrong', () => {
    assert.equal(cronScheduleError('60 * * * *'), 'minute field "60": 60 is out of range 0-59');
    assert.equal(cronScheduleError('* * 0 * *'), 'day of month field "0": 0 is out of range 1-31');
    assert.equal(cronScheduleError('* * * * 7'), 'day of week field "7": 7 is out of range 0-6');
    assert.equal(
      cronScheduleError('* * * * * *'),
      'expected 5 fields (minute hour day-of-month month day-of-week), found 6',
    );
    assert.equal(cronScheduleError('5-1 * * * *'), 'minute field "5-1": range "5-1" ends before it starts');
    assert.equal(cronScheduleError('*/0 * * * *'), 'minute field "*/0": invalid step "0"');
    assert.equal(cronScheduleError('@fortnightly'), 'unrecognized descriptor "@fortnightly"');
    assert.equal(cronScheduleError('@every often'), 'invalid duration in "@every often"');
    assert.equal(cronScheduleError('TZ=Nowhere/City * * * * *'), 'unknown time zone "Nowhere/City"');
    assert.equal(cronScheduleError('* * * FOO *'), 'month field "FOO": "FOO" is not a number');
  });

  it('knows IANA zones', () => {
    assert.ok(isTimeZone('America/Los_Angeles') && isTimeZone('UTC'));
    assert.ok(!isTimeZone('PST8PDT/Nope') && !isTimeZone(''));
  });
});

describe('cron rule', () => {
  const cron = (spec: string) => `apiVersion: argoproj.io/v1alpha1
kind: CronWorkflow
metadata:
  name: c
spec:
${spec}  workflowSpec:
    entrypoint: main
`;

  it('accepts valid schedules', () => {
    assert.deepEqual(
      lintYaml(cron('  schedules: ["0 * * * *", "@daily"]\n  timezone: UTC\n'), [cronRule]),
      [],
    );
  });

  it('reports schedules, timezone, concurrencyPolicy and startingDeadlineSeconds', () => {
    const problems = lintYaml(
      cron(
        '  schedules: ["0 * * * *", "0 0 0 0 0"]\n  timezone: Nowhere\n  concurrencyPolicy: Never\n  startingDeadlineSeconds: -1\n',
      ),
      [cronRule],
    );
    assert.deepEqual(
      problems.map((p) => p.split(':')[0]),
      [
        '6 spec.schedules[1]',
        '7 spec.timezone',
        '8 spec.concurrencyPolicy',
        '9 spec.startingDeadlineSeconds',
      ],
    );
  });
});
