import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CronWorkflow, Workflow } from '../spec/types.js';
import { MemoryStore } from '../store/index.js';
import { ANNOTATION_SCHEDULED_TIME, LABEL_CRON_WORKFLOW } from '../templates/labels.js';
import { CronController } from './cron-controller.js';

const T0 = Date.parse('2024-05-01T12:00:30Z');

function setup(spec: Partial<CronWorkflow['spec']> = {}, holder = 'test-a') {
  let now = T0;
  const clock = () => new Date(now);
  const store = new MemoryStore({ clock });
  const controller = new CronController({ store, holder, now: clock, log: () => {} });
  const cron: CronWorkflow = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'CronWorkflow',
    metadata: { name: 'tick', namespace: 'default' },
    spec: {
      schedules: ['* * * * *'],
      timezone: 'UTC',
      workflowSpec: {
        entrypoint: 'main',
        templates: [{ name: 'main', container: { name: 'main', image: 'x', command: ['true'] } }],
      },
      ...spec,
    },
  };
  return {
    store,
    controller,
    cron,
    at: (iso: string) => {
      now = Date.parse(iso);
    },
    create: () => store.create(cron),
    runs: async () =>
      (await store.list<Workflow>('Workflow', { namespace: 'default', withNodes: false })).items
        .map((w) => w.metadata.name ?? '')
        .sort(),
    status: async () => (await store.get<CronWorkflow>('CronWorkflow', 'default', 'tick')).status ?? {},
    finish: async (name: string, phase: string, finishedAt: string) => {
      const wf = await store.get<Workflow>('Workflow', 'default', name);
      await store.update({ ...wf, status: { ...(wf.status ?? {}), phase, finishedAt } });
    },
  };
}

const unix = (iso: string) => Date.parse(iso) / 1000;

describe('CronController', () => {
  it('creates the run at the schedule time, named, labelled and owned as Argo does', async () => {
    const t = setup();
    const cron = await t.create();
    await t.controller.reconcileAll();
    assert.deepEqual(await t.runs(), [], 'nothing is due at creation');
    t.at('2024-05-01T12:00:59Z');
    await t.controller.reconcileAll();
    assert.deepEqual(await t.runs(), []);
    t.at('2024-05-01T12:01:00.200Z');
    await t.controller.reconcileAll();
    const name = `tick-${unix('2024-05-01T12:01:00Z')}`;
    assert.deepEqual(await t.runs(), [name]);
    const wf = await t.store.get<Workflow>('Workflow', 'default', name);
    assert.equal(wf.metadata.labels?.[LABEL_CRON_WORKFLOW], 'tick');
    assert.equal(wf.metadata.annotations?.[ANNOTATION_SCHEDULED_TIME], '2024-05-01T12:01:00Z');
    assert.deepEqual(wf.metadata.ownerReferences, [
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'CronWorkflow',
        name: 'tick',
        uid: cron.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    assert.equal(wf.spec.entrypoint, 'main');
    const status = await t.status();
    assert.equal(status.lastScheduledTime, '2024-05-01T12:01:00Z');
    assert.deepEqual(
      status.active?.map((a) => a.name),
      [name],
    );
    assert.equal(status.phase, 'Active');
    // Looking again within the same minute creates nothing more.
    t.at('2024-05-01T12:01:30Z');
    await t.controller.reconcileAll();
    assert.equal((await t.runs()).length, 1);
  });

  it('counts finished runs and keeps only the history limits', async () => {
    const t = setup({ successfulJobsHistoryLimit: 1, failedJobsHistoryLimit: 1, concurrencyPolicy: 'Allow' });
    await t.create();
    await t.controller.reconcileAll();
    const phases = ['Succeeded', 'Failed', 'Succeeded', 'Error'];
    for (const [i, phase] of phases.entries()) {
      const at = new Date(Date.parse('2024-05-01T12:01:00Z') + i * 60_000).toISOString();
      t.at(at);
      await t.controller.reconcileAll();
      await t.finish(`tick-${unix(at)}`, phase, new Date(Date.parse(at) + 10_000).toISOString());
    }
    t.at('2024-05-01T12:04:30Z');
    await t.controller.reconcileAll();
    const status = await t.status();
    assert.equal(status.succeeded, 2);
    assert.equal(status.failed, 2);
    assert.deepEqual(status.active ?? [], []);
    assert.deepEqual(await t.runs(), [
      `tick-${unix('2024-05-01T12:03:00Z')}`,
      `tick-${unix('2024-05-01T12:04:00Z')}`,
    ]);
  });

  it('Forbid skips while a run is active; Replace terminates it; Allow runs both', async () => {
    for (const policy of ['Forbid', 'Replace', 'Allow'] as const) {
      const t = setup({ concurrencyPolicy: policy });
      await t.create();
      await t.controller.reconcileAll();
      t.at('2024-05-01T12:01:00Z');
      await t.controller.reconcileAll();
      t.at('2024-05-01T12:02:00Z');
      await t.controller.reconcileAll();
      const first = `tick-${unix('2024-05-01T12:01:00Z')}`;
      const second = `tick-${unix('2024-05-01T12:02:00Z')}`;
      const runs = await t.runs();
      if (policy === 'Forbid') {
        assert.deepEqual(runs, [first]);
        assert.equal((await t.status()).lastScheduledTime, '2024-05-01T12:01:00Z');
      } else {
        assert.deepEqual(runs, [first, second], policy);
        const old = await t.store.get<Workflow>('Workflow', 'default', first);
        assert.equal(old.spec.shutdown, policy === 'Replace' ? 'Terminate' : undefined, policy);
      }
    }
  });

  it('does not schedule while suspended, and resumes at the next time', async () => {
    const t = setup({ suspend: true });
    const cron = await t.create();
    await t.controller.reconcileAll();
    t.at('2024-05-01T12:01:00Z');
    await t.controller.reconcileAll();
    assert.deepEqual(await t.runs(), []);
    const current = await t.store.get<CronWorkflow>('CronWorkflow', 'default', 'tick');
    await t.store.update({ ...current, spec: { ...cron.spec, suspend: false } });
    t.at('2024-05-01T12:01:30Z');
    await t.controller.reconcileAll();
    assert.deepEqual(await t.runs(), [], 'the suspended time is not caught up');
    t.at('2024-05-01T12:02:00Z');
    await t.controller.reconcileAll();
    assert.deepEqual(await t.runs(), [`tick-${unix('2024-05-01T12:02:00Z')}`]);
  });

  it('after a restart runs one missed time only within startingDeadlineSeconds', async () => {
    for (const [deadline, restartAt, want] of [
      [0, '2024-05-01T12:03:05Z', []],
      [10, '2024-05-01T12:03:05Z', [`tick-${unix('2024-05-01T12:03:00Z')}`]],
      [10, '2024-05-01T12:03:15Z', []],
    ] as const) {
      const t = setup({ startingDeadlineSeconds: deadline });
      await t.create();
      // A controller that served it then died without releasing its lease...
      await t.controller.reconcileAll();
      // ...and a new process that takes over once the old one's lease expired.
      t.at(restartAt);
      const next = new CronController({
        store: t.store,
        holder: 'test-b',
        now: () => new Date(restartAt),
        leaseTtlMs: 30_000,
        holderIsDead: () => true,
      });
      await next.reconcileAll();
      assert.deepEqual(await t.runs(), [...want], `deadline ${deadline}, restart at ${restartAt}`);
    }
  });

  it('evaluates `when` with cronworkflow variables; false skips without moving lastScheduledTime', async () => {
    const t = setup({ when: '{{= cronworkflow.lastScheduledTime == nil || cronworkflow.name == "other" }}' });
    await t.create();
    await t.controller.reconcileAll();
    t.at('2024-05-01T12:01:00Z');
    await t.controller.reconcileAll();
    t.at('2024-05-01T12:02:00Z');
    await t.controller.reconcileAll();
    assert.deepEqual(await t.runs(), [`tick-${unix('2024-05-01T12:01:00Z')}`]);
    assert.equal((await t.status()).lastScheduledTime, '2024-05-01T12:01:00Z');
  });

  it('stops scheduling once stopStrategy.expression holds', async () => {
    const t = setup({ stopStrategy: { expression: 'cronworkflow.failed >= 1' } });
    await t.create();
    await t.controller.reconcileAll();
    t.at('2024-05-01T12:01:00Z');
    await t.controller.reconcileAll();
    await t.finish(`tick-${unix('2024-05-01T12:01:00Z')}`, 'Failed', '2024-05-01T12:01:10Z');
    t.at('2024-05-01T12:02:00Z');
    await t.controller.reconcileAll();
    const status = await t.status();
    assert.equal(status.phase, 'Stopped');
    assert.equal(status.failed, 1);
    assert.deepEqual(await t.runs(), [`tick-${unix('2024-05-01T12:01:00Z')}`]);
  });

  it('records a submission error as a condition when the referenced template is missing', async () => {
    const t = setup({ workflowSpec: { workflowTemplateRef: { name: 'gone' } } });
    await t.create();
    await t.controller.reconcileAll();
    t.at('2024-05-01T12:01:00Z');
    await t.controller.reconcileAll();
    const status = await t.status();
    assert.deepEqual(await t.runs(), []);
    assert.equal(status.conditions?.[0]?.type, 'SubmissionError');
    assert.match(String(status.conditions?.[0]?.message), /WorkflowTemplate "gone" not found/);
  });

  it('lets only the lease holder schedule when two controllers share a store', async () => {
    const t = setup();
    await t.create();
    const other = new CronController({
      store: t.store,
      holder: 'test-b',
      now: () => new Date(Date.parse('2024-05-01T12:01:00Z')),
    });
    await t.controller.reconcileAll();
    await other.reconcileAll();
    t.at('2024-05-01T12:01:00Z');
    await Promise.all([t.controller.reconcileAll(), other.reconcileAll()]);
    assert.deepEqual(await t.runs(), [`tick-${unix('2024-05-01T12:01:00Z')}`]);
    assert.equal((await t.store.getLease('cronworkflow/default/tick'))?.holder, 'test-a');
  });

  it('fires in the CronWorkflow timezone', async () => {
    const t = setup({ schedules: ['0 9 * * *'], timezone: 'Asia/Tokyo' });
    t.at('2024-05-01T23:59:00Z');
    await t.create();
    await t.controller.reconcileAll();
    t.at('2024-05-02T00:00:00Z'); // 09:00 in Tokyo
    await t.controller.reconcileAll();
    assert.deepEqual(await t.runs(), [`tick-${unix('2024-05-02T00:00:00Z')}`]);
  });
});

describe('CronController with @every', () => {
  it('fires every interval from the creation, polled every second', async () => {
    const t = setup({ schedules: ['@every 5m'] });
    await t.create(); // created at 12:00:30
    for (let s = 0; s <= 600; s += 1) {
      t.at(new Date(T0 + s * 1000).toISOString());
      await t.controller.reconcileAll();
    }
    assert.deepEqual(await t.runs(), [
      `tick-${unix('2024-05-01T12:05:30Z')}`,
      `tick-${unix('2024-05-01T12:10:30Z')}`,
    ]);
  });
});
