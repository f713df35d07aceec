/**
 * The Workflow a CronWorkflow creates, as Argo's controller creates it: named `<cron>-<unix seconds
 * of the scheduled time>` (so a run is created once however often it is retried), labelled
 * `workflows.argoproj.io/cron-workflow: <cron>`, annotated with the scheduled time, owned by the
 * CronWorkflow, with the CronWorkflow's workflowMetadata and workflowSpec.
 */
import type { CronWorkflow, Workflow } from '../spec/types.js';
import { ANNOTATION_SCHEDULED_TIME, LABEL_CRON_WORKFLOW } from '../templates/labels.js';

export function cronWorkflowRunName(cronName: string, scheduled: Date): string {
  return `${cronName}-${Math.floor(scheduled.getTime() / 1000)}`;
}

/**
 * With `scheduled`, the controller's run; without, `argosy submit --from cronwf/NAME`: generateName,
 * no owner, and (as Argo) the submission time `submittedAt` as the scheduled time.
 */
export function workflowFromCron(cron: CronWorkflow, scheduled?: Date, submittedAt?: Date): Workflow {
  const name = cron.metadata.name ?? '';
  const meta = cron.spec.workflowMetadata ?? {};
  const wf: Workflow = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: {
      namespace: cron.metadata.namespace,
      labels: { ...(meta.labels ?? {}), [LABEL_CRON_WORKFLOW]: name },
      annotations: { ...(meta.annotations ?? {}) },
    },
    spec: structuredClone(cron.spec.workflowSpec),
  };
  const at = scheduled ?? submittedAt;
  if (at) {
    (wf.metadata.annotations as Record<string, string>)[ANNOTATION_SCHEDULED_TIME] = at
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
  }
  if (scheduled) {
    wf.metadata.name = cronWorkflowRunName(name, scheduled);
    wf.metadata.ownerReferences = [
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'CronWorkflow',
        name,
        uid: cron.metadata.uid ?? '',
        controller: true,
        blockOwnerDeletion: true,
      },
    ];
  } else {
    wf.metadata.generateName = `${name}-`;
  }
  return wf;
}
