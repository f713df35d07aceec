/** The kinds the resource service serves, and the ones it adds to the store (archive, tokens). */

/** A completed Workflow copied into the archive; stored under its namespace, named by the workflow's uid. */
export const ARCHIVED_WORKFLOW_KIND = 'ArchivedWorkflow';
/** An API bearer token (hashed); cluster-scoped, named by the token id. */
export const ACCESS_TOKEN_KIND = 'ArgosyAccessToken';

export const SERVED_KINDS = [
  'Workflow',
  'WorkflowTemplate',
  'ClusterWorkflowTemplate',
  'CronWorkflow',
  'WorkflowEventBinding',
] as const;
export type ServedKind = (typeof SERVED_KINDS)[number];

export const ARGO_API_VERSION = 'argoproj.io/v1alpha1';

/** Labels Argo's controller and server put on workflows. */
export const LABEL_COMPLETED = 'workflows.argoproj.io/completed';
export const LABEL_PHASE = 'workflows.argoproj.io/phase';
export const LABEL_ARCHIVE_STATUS = 'workflows.argoproj.io/workflow-archiving-status';
export const LABEL_CONTROLLER_INSTANCE = 'workflows.argoproj.io/controller-instanceid';
export const LABEL_WORKFLOW_TEMPLATE = 'workflows.argoproj.io/workflow-template';
export const LABEL_CLUSTER_WORKFLOW_TEMPLATE = 'workflows.argoproj.io/cluster-workflow-template';
export const LABEL_CRON_WORKFLOW = 'workflows.argoproj.io/cron-workflow';
export const LABEL_RESUBMITTED_FROM = 'workflows.argoproj.io/resubmitted-from-workflow';
export const LABEL_CREATOR = 'workflows.argoproj.io/creator';

export const COMPLETED_PHASES = new Set(['Succeeded', 'Failed', 'Error']);
