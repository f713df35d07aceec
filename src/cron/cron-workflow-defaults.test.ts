import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CronWorkflow, Workflow } from '../spec/types.js';
import { MemoryStore } from '../store/index.js';
import { CronController } from './cron-controller.js';

describe('CronController with workflowDefaults', () => {
  it("creates each run with the defaults merged under the CronWorkflow's workflowSpec", async () => {
    let now = Date.parse('2024-05-01T12:00:30Z');
    const clock = () => new Date(now);
    const store = new MemoryStore({ clock });
    const controller = new CronController({
      store,
      holder: 'defaults-test',
      now: clock,
      log: () => {},
      workflowDefaults: {
        metadata: { annotations: { owner: 'ops' } },
        spec: { activeDeadlineSeconds: 600, podGC: { strategy: 'OnPodSuccess' } },
      },
    });
    await store.create<CronWorkflow>({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'CronWorkflow',
      metadata: { name: 'tick', namespace: 'default' },
      spec: {
        schedules: ['* * * * *'],
        timezone: 'UTC',
        workflowSpec: {
          entrypoint: 'main',
          activeDeadlineSeconds: 30,
          templates: [{ name: 'main', suspend: {} }],
        },
      },
    });
    await controller.reconcileAll();
    now = Date.parse('2024-05-01T12:01:00.100Z');
    await controller.reconcileAll();
    const { items } = await store.list<Workflow>('Workflow', { namespace: 'default' });
    assert.equal(items.length, 1);
    const wf = items[0];
    assert.equal(wf?.spec.activeDeadlineSeconds, 30, "the CronWorkflow's value wins");
    assert.deepEqual(wf?.spec.podGC, { strategy: 'OnPodSuccess' });
    assert.equal(wf?.metadata.annotations?.owner, 'ops');
    assert.ok(wf?.metadata.annotations?.['workflows.argoproj.io/scheduled-time']);
  });
});
