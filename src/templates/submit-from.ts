/**
 * `argosy submit --from KIND/NAME`: the Workflow Argo builds from a stored WorkflowTemplate,
 * ClusterWorkflowTemplate or CronWorkflow. From a template: `generateName: <name>-`, a
 * workflowTemplateRef to it, its workflowMetadata labels and annotations, and the
 * `workflows.argoproj.io/workflow-template` (or cluster-) label. From a CronWorkflow: its
 * workflowSpec and workflowMetadata, with the `workflows.argoproj.io/cron-workflow` label.
 */
import { workflowFromCron } from '../cron/workflow-from-cron.js';
import { ValidationError } from '../errors/index.js';
import type { CronWorkflow, Workflow, WorkflowTemplate } from '../spec/types.js';
import type { ResourceReader } from '../store/index.js';
import { LABEL_CLUSTER_WORKFLOW_TEMPLATE, LABEL_WORKFLOW_TEMPLATE } from './labels.js';

const KINDS: Record<string, 'WorkflowTemplate' | 'ClusterWorkflowTemplate' | 'CronWorkflow'> = {
  workflowtemplate: 'WorkflowTemplate',
  workflowtemplates: 'WorkflowTemplate',
  wftmpl: 'WorkflowTemplate',
  clusterworkflowtemplate: 'ClusterWorkflowTemplate',
  clusterworkflowtemplates: 'ClusterWorkflowTemplate',
  cwftmpl: 'ClusterWorkflowTemplate',
  cronworkflow: 'CronWorkflow',
  cronworkflows: 'CronWorkflow',
  cronwf: 'CronWorkflow',
  cwf: 'CronWorkflow',
};

export function parseFrom(from: string): { kind: (typeof KINDS)[string]; name: string } {
  const [kindText = '', name = '', extra] = from.split('/');
  const kind = KINDS[kindText.toLowerCase()];
  if (!kind || !name || extra !== undefined) {
    throw new ValidationError(
      '--from',
      `expected workflowtemplate/NAME, clusterworkflowtemplate/NAME or cronwf/NAME, got "${from}"`,
    );
  }
  return { kind, name };
}

export async function workflowFrom(
  store: ResourceReader,
  from: string,
  namespace: string,
): Promise<Workflow> {
  const { kind, name } = parseFrom(from);
  if (kind === 'CronWorkflow') {
    return workflowFromCron(await store.get<CronWorkflow>(kind, namespace, name), undefined, new Date());
  }
  const cluster = kind === 'ClusterWorkflowTemplate';
  const tmpl = await store.get<WorkflowTemplate>(kind, cluster ? '' : namespace, name);
  const meta = tmpl.spec.workflowMetadata ?? {};
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: {
      generateName: `${name}-`,
      namespace,
      labels: {
        ...(meta.labels ?? {}),
        [cluster ? LABEL_CLUSTER_WORKFLOW_TEMPLATE : LABEL_WORKFLOW_TEMPLATE]: name,
      },
      annotations: { ...(meta.annotations ?? {}) },
    },
    spec: { workflowTemplateRef: cluster ? { name, clusterScope: true } : { name } },
  };
}
