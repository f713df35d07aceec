import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CronWorkflow } from '../api/types.ts';
import { nextRuns } from './cron-schedule.ts';

const cron = (spec: CronWorkflow['spec']): CronWorkflow => ({ metadata: { name: 'c' }, spec });
const from = new Date('2024-03-01T10:07:00Z');
const iso = (ds: Date[]) => ds.map((d) => d.toISOString());

test('a schedule gives its next runs after now, in UTC by default', () => {
  assert.deepEqual(iso(nextRuns(cron({ schedule: '*/15 * * * *', timezone: 'UTC' }), from, 3)), [
    '2024-03-01T10:15:00.000Z',
    '2024-03-01T10:30:00.000Z',
    '2024-03-01T10:45:00.000Z',
  ]);
});

test('the timezone moves the runs', () => {
  const runs = nextRuns(cron({ schedule: '0 9 * * *', timezone: 'America/New_York' }), from, 1);
  assert.deepEqual(iso(runs), ['2024-03-01T14:00:00.000Z']);
});

test('several schedules merge in order without duplicates; suspended has none', () => {
  const c = cron({ schedules: ['0 * * * *', '30 * * * *', '0 11 * * *'], timezone: 'UTC' });
  assert.deepEqual(iso(nextRuns(c, from, 3)), [
    '2024-03-01T10:30:00.000Z',
    '2024-03-01T11:00:00.000Z',
    '2024-03-01T11:30:00.000Z',
  ]);
  assert.deepEqual(nextRuns(cron({ schedule: '* * * * *', suspend: true }), from, 3), []);
});

test('an invalid schedule names itself', () => {
  assert.throws(() => nextRuns(cron({ schedule: 'not a cron' }), from, 1), /schedule "not a cron"/);
});
