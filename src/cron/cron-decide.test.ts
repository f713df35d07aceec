import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExpressionError } from '../errors/index.js';
import type { CronWorkflow } from '../spec/types.js';
import { type ChildRun, decideCron, recordRun, recordSubmissionError } from './cron-decide.js';
import { evaluateCronCondition } from './cron-expressions.js';

function cron(spec: Partial<CronWorkflow['spec']> = {}, status: CronWorkflow['status'] = {}): CronWorkflow {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'CronWorkflow',
    metadata: {
      name: 'c',
      namespace: 'ns',
      creationTimestamp: '2024-05-01T00:00:10Z',
      labels: { team: 'a' },
      annotations: { 'x/y': 'z' },
    },
    spec: { schedules: ['*/10 * * * *'], timezone: 'UTC', workflowSpec: {}, ...spec },
    status,
  };
}

const at = (iso: string) => new Date(iso);

describe('decideCron', () => {
  it('runs the latest due time since the checkpoint and wakes at the next one', () => {
    const d = decideCron(cron(), [], at('2024-05-01T00:20:05Z'), at('2024-05-01T00:09:00Z'));
    assert.equal(d.run?.toISOString(), '2024-05-01T00:20:00.000Z');
    assert.equal(d.wakeAt?.toISOString(), '2024-05-01T00:30:00.000Z');
    assert.equal(d.checkpoint.toISOString(), '2024-05-01T00:20:05.000Z');
  });

  it('reports a missed time past the deadline on takeover, and runs nothing', () => {
    const d = decideCron(cron({ startingDeadlineSeconds: 60 }), [], at('2024-05-01T00:22:00Z'), undefined);
    assert.equal(d.run, undefined);
    assert.match(d.skipped ?? '', /missed 2024-05-01T00:20:00Z: past startingDeadlineSeconds \(60\)/);
  });

  it('moves finished active runs to the counts, and lists what Replace stops', () => {
    const children: ChildRun[] = [
      { name: 'c-1', phase: 'Succeeded', finishedAt: '2024-05-01T00:05:00Z' },
      { name: 'c-2', phase: 'Error', finishedAt: '2024-05-01T00:15:00Z' },
      { name: 'c-3', phase: 'Running' },
    ];
    const prior = { active: [{ name: 'c-1' }, { name: 'c-2' }, { name: 'c-3' }], succeeded: 4, failed: 1 };
    const d = decideCron(
      cron({ concurrencyPolicy: 'Replace' }, prior),
      children,
      at('2024-05-01T00:20:00Z'),
      at('2024-05-01T00:19:00Z'),
    );
    assert.equal(d.status.succeeded, 5);
    assert.equal(d.status.failed, 2);
    assert.deepEqual(
      d.status.active?.map((a) => a.name),
      ['c-3'],
    );
    assert.deepEqual(d.stop, ['c-3']);
    assert.equal(d.run?.toISOString(), '2024-05-01T00:20:00.000Z');
  });

  it('records a run created by a look whose status write was lost, instead of stopping or skipping it', () => {
    const created: ChildRun[] = [
      { name: `c-${Date.parse('2024-05-01T00:20:00Z') / 1000}`, phase: 'Running' },
    ];
    for (const policy of ['Forbid', 'Replace'] as const) {
      const d = decideCron(
        cron({ concurrencyPolicy: policy }),
        created,
        at('2024-05-01T00:20:02Z'),
        at('2024-05-01T00:19:00Z'),
      );
      assert.equal(d.run?.toISOString(), '2024-05-01T00:20:00.000Z', policy);
      assert.deepEqual(d.stop, [], policy);
    }
  });

  it('deletes the oldest finished runs beyond the history limits', () => {
    const children: ChildRun[] = [1, 2, 3, 4, 5].map((i) => ({
      name: `s${i}`,
      phase: 'Succeeded',
      finishedAt: `2024-05-01T00:0${i}:00Z`,
    }));
    children.push(
      { name: 'f1', phase: 'Failed', finishedAt: '2024-05-01T00:01:00Z' },
      { name: 'f2', phase: 'Error', finishedAt: '2024-05-01T00:02:00Z' },
    );
    const d = decideCron(cron(), children, at('2024-05-01T00:06:00Z'), at('2024-05-01T00:05:00Z'));
    assert.deepEqual(d.delete.sort(), ['f1', 's1', 's2']);
    const none = decideCron(
      cron({ successfulJobsHistoryLimit: 0, failedJobsHistoryLimit: 0 }),
      children,
      at('2024-05-01T00:06:00Z'),
      at('2024-05-01T00:05:00Z'),
    );
    assert.equal(none.delete.length, 7);
  });

  it('sets SpecError for a bad timezone or a `when` that does not evaluate, and runs nothing', () => {
    const tz = decideCron(
      cron({ timezone: 'Nowhere/Land' }),
      [],
      at('2024-05-01T00:20:00Z'),
      at('2024-05-01T00:19:00Z'),
    );
    assert.equal(tz.run, undefined);
    assert.match(tz.status.conditions?.[0]?.message ?? '', /unknown time zone "Nowhere\/Land"/);
    const when = decideCron(
      cron({ when: '{{= now() }}' }),
      [],
      at('2024-05-01T00:20:00Z'),
      at('2024-05-01T00:19:00Z'),
    );
    assert.equal(when.run, undefined);
    assert.equal(when.status.conditions?.[0]?.type, 'SpecError');
  });

  it('recordRun makes the run active and last scheduled, and clears a submission error', () => {
    const c = cron();
    const failed = recordSubmissionError({}, 'boom');
    assert.equal(failed.conditions?.[0]?.type, 'SubmissionError');
    const ok = recordRun(failed, c, { name: 'c-1', uid: 'u' }, at('2024-05-01T00:20:00Z'));
    assert.equal(ok.lastScheduledTime, '2024-05-01T00:20:00Z');
    assert.deepEqual(
      ok.active?.map((a) => [a.name, a.uid, a.namespace]),
      [['c-1', 'u', 'ns']],
    );
    assert.equal(ok.conditions, undefined);
  });
});

describe('evaluateCronCondition', () => {
  const c = cron({}, { succeeded: 2, failed: 0, lastScheduledTime: '2024-05-01T00:10:00Z' });
  it('reads cronworkflow.* variables in a {{= }} tag or a bare expression', () => {
    assert.equal(evaluateCronCondition('{{= cronworkflow.succeeded >= 2 }}', c), true);
    assert.equal(evaluateCronCondition('cronworkflow.failed > 0', c), false);
    assert.equal(
      evaluateCronCondition(
        '{{= cronworkflow.labels.team == "a" && cronworkflow.annotations["x/y"] == "z" }}',
        c,
      ),
      true,
    );
    assert.equal(
      // A time, printed as Go prints a time.Time (Argo substitutes it so).
      evaluateCronCondition('"{{= cronworkflow.lastScheduledTime }}" == "2024-05-01 00:10:00 +0000 UTC"', c),
      true,
    );
    assert.equal(evaluateCronCondition('{{= cronworkflow.lastScheduledTime == nil }}', cron()), true);
  });
  it('refuses a result that is not a boolean', () => {
    assert.throws(() => evaluateCronCondition('{{= cronworkflow.name }}', c), ExpressionError);
  });
});
