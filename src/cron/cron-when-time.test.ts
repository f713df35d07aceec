/** `when` with now() and time arithmetic, on the controller's injected clock (nothing sleeps). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CronWorkflow, Workflow } from '../spec/types.js';
import { MemoryStore } from '../store/index.js';
import { CronController } from './cron-controller.js';

describe('CronWorkflow when with now()', () => {
  it("runs at most every 6 minutes with Argo's cron-when expression on an every-minute schedule", async () => {
    let now = Date.parse('2024-05-01T12:00:30Z');
    const clock = () => new Date(now);
    const store = new MemoryStore({ clock });
    const controller = new CronController({ store, holder: 'when-test', now: clock, log: () => {} });
    await store.create<CronWorkflow>({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'CronWorkflow',
      metadata: { name: 'sleep-when', namespace: 'default' },
      spec: {
        schedules: ['* * * * *'],
        timezone: 'UTC',
        concurrencyPolicy: 'Allow',
        when: '{{= cronworkflow.lastScheduledTime == nil || (now() - cronworkflow.lastScheduledTime).Seconds() > 360 }}',
        workflowSpec: { entrypoint: 'main', templates: [{ name: 'main', suspend: {} }] },
      },
    });
    const runs = async () =>
      (await store.list<Workflow>('Workflow', { namespace: 'default', withNodes: false })).items
        .map((w) => w.metadata.name ?? '')
        .sort();
    await controller.reconcileAll();
    // Every minute for 15 minutes: runs at 12:01 (first), then each first look more than 360 s after the last (12:07:00.2, 12:13:00.2).
    for (let minute = 1; minute <= 15; minute++) {
      now = Date.parse('2024-05-01T12:00:00Z') + minute * 60_000 + 200;
      await controller.reconcileAll();
    }
    const at = (iso: string) => `sleep-when-${Date.parse(iso) / 1000}`;
    assert.deepEqual(await runs(), [
      at('2024-05-01T12:01:00Z'),
      at('2024-05-01T12:07:00Z'),
      at('2024-05-01T12:13:00Z'),
    ]);
  });
});
