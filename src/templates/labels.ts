/** The labels and annotations Argo puts on Workflows created from templates, crons and events. */

export const LABEL_WORKFLOW_TEMPLATE = 'workflows.argoproj.io/workflow-template';
export const LABEL_CLUSTER_WORKFLOW_TEMPLATE = 'workflows.argoproj.io/cluster-workflow-template';
export const LABEL_CRON_WORKFLOW = 'workflows.argoproj.io/cron-workflow';
export const LABEL_WORKFLOW_EVENT_BINDING = 'workflows.argoproj.io/workflow-event-binding';
/** RFC 3339 time the cron schedule fired for (the `workflow.scheduledTime` variable reads it). */
export const ANNOTATION_SCHEDULED_TIME = 'workflows.argoproj.io/scheduled-time';
