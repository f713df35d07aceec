import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { workflowVars } from '../engine/vars.js';
import type { CronWorkflow } from '../spec/types.js';
import { cronWorkflowRunName, workflowFromCron } from './workflow-from-cron.js';

const cron: CronWorkflow = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'CronWorkflow',
  metadata: { name: 'nightly', namespace: 'team', uid: 'u-1' },
  spec: {
    schedules: ['0 2 * * *'],
    workflowMetadata: { labels: { app: 'x' }, annotations: { note: 'y' } },
    workflowSpec: { entrypoint: 'main', templates: [{ name: 'main', suspend: {} }] },
  },
};

describe('workflowFromCron', () => {
  const at = new Date('2024-05-02T02:00:00Z');
  it("names the run <cron>-<unix seconds> and carries Argo's label, annotation and owner", () => {
    const wf = workflowFromCron(cron, at);
    assert.equal(wf.metadata.name, 'nightly-1714615200');
    assert.equal(cronWorkflowRunName('nightly', at), 'nightly-1714615200');
    assert.equal(wf.metadata.namespace, 'team');
    assert.deepEqual(wf.metadata.labels, { app: 'x', 'workflows.argoproj.io/cron-workflow': 'nightly' });
    assert.deepEqual(wf.metadata.annotations, {
      note: 'y',
      'workflows.argoproj.io/scheduled-time': '2024-05-02T02:00:00Z',
    });
    assert.equal(wf.metadata.ownerReferences?.[0]?.uid, 'u-1');
    assert.deepEqual(wf.spec, cron.spec.workflowSpec);
    assert.notEqual(wf.spec, cron.spec.workflowSpec, 'a copy');
  });
  it('gives the run workflow.scheduledTime', () => {
    const wf = workflowFromCron(cron, at);
    assert.equal(workflowVars(wf, {})['workflow.scheduledTime'], '2024-05-02T02:00:00Z');
    assert.equal(workflowVars(workflowFromCron(cron), {})['workflow.scheduledTime'], undefined);
    const manual = workflowFromCron(cron, undefined, new Date('2024-05-03T10:00:00.123Z'));
    assert.equal(workflowVars(manual, {})['workflow.scheduledTime'], '2024-05-03T10:00:00Z');
  });
  it('without a time (submit --from cronwf/NAME) uses generateName and no owner', () => {
    const wf = workflowFromCron(cron);
    assert.equal(wf.metadata.generateName, 'nightly-');
    assert.equal(wf.metadata.name, undefined);
    assert.equal(wf.metadata.ownerReferences, undefined);
  });
});
