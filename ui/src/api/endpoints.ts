/** Argo's REST endpoints, one function each, on the swagger's paths and request bodies. */

import { del, get, post, put, type Query } from './client.ts';
import type {
  CronWorkflow,
  InfoResponse,
  List,
  UserInfo,
  VersionResponse,
  Workflow,
  WorkflowEventBinding,
  WorkflowTemplate,
} from './types.ts';

const e = encodeURIComponent;

export interface ListParams {
  labelSelector?: string;
  fieldSelector?: string;
  /** Argo's `nameFilter`: how `metadata.name=` in fieldSelector matches (Exact, Contains, Prefix). */
  nameFilter?: 'Exact' | 'Contains' | 'Prefix';
  limit?: number;
  continue?: string;
  /** Argo's `fields`: the paths of the response to keep (e.g. `metadata,items.metadata.name`). */
  fields?: string;
}

export function listQuery(p: ListParams): Query {
  return {
    'listOptions.labelSelector': p.labelSelector,
    'listOptions.fieldSelector': p.fieldSelector,
    'listOptions.limit': p.limit,
    'listOptions.continue': p.continue,
    nameFilter: p.nameFilter,
    fields: p.fields,
  };
}

export const api = {
  info: () => get<InfoResponse>('/api/v1/info'),
  version: () => get<VersionResponse>('/api/v1/version'),
  userInfo: () => get<UserInfo>('/api/v1/userinfo'),

  listWorkflows: (ns: string, p: ListParams = {}) =>
    get<List<Workflow>>(`/api/v1/workflows/${e(ns)}`, listQuery(p)),
  getWorkflow: (ns: string, name: string) => get<Workflow>(`/api/v1/workflows/${e(ns)}/${e(name)}`),
  createWorkflow: (ns: string, workflow: unknown) =>
    post<Workflow>(`/api/v1/workflows/${e(ns)}`, { namespace: ns, workflow }),
  lintWorkflow: (ns: string, workflow: unknown) =>
    post<Workflow>(`/api/v1/workflows/${e(ns)}/lint`, { namespace: ns, workflow }),
  submitFrom: (
    ns: string,
    kind: 'WorkflowTemplate' | 'ClusterWorkflowTemplate' | 'CronWorkflow',
    name: string,
    parameters: string[],
    entryPoint?: string,
  ) =>
    post<Workflow>(`/api/v1/workflows/${e(ns)}/submit`, {
      namespace: ns,
      resourceKind: kind,
      resourceName: name,
      submitOptions: { parameters, ...(entryPoint ? { entryPoint } : {}) },
    }),
  workflowAction: (ns: string, name: string, action: WorkflowAction, body: Record<string, unknown> = {}) =>
    put<Workflow>(`/api/v1/workflows/${e(ns)}/${e(name)}/${action}`, { namespace: ns, name, ...body }),
  deleteWorkflow: (ns: string, name: string) => del<unknown>(`/api/v1/workflows/${e(ns)}/${e(name)}`),

  listWorkflowTemplates: (ns: string) => get<List<WorkflowTemplate>>(`/api/v1/workflow-templates/${e(ns)}`),
  getWorkflowTemplate: (ns: string, name: string) =>
    get<WorkflowTemplate>(`/api/v1/workflow-templates/${e(ns)}/${e(name)}`),
  listClusterWorkflowTemplates: () => get<List<WorkflowTemplate>>('/api/v1/cluster-workflow-templates'),
  getClusterWorkflowTemplate: (name: string) =>
    get<WorkflowTemplate>(`/api/v1/cluster-workflow-templates/${e(name)}`),

  listCronWorkflows: (ns: string) => get<List<CronWorkflow>>(`/api/v1/cron-workflows/${e(ns)}`),
  getCronWorkflow: (ns: string, name: string) =>
    get<CronWorkflow>(`/api/v1/cron-workflows/${e(ns)}/${e(name)}`),
  cronAction: (ns: string, name: string, action: 'suspend' | 'resume') =>
    put<CronWorkflow>(`/api/v1/cron-workflows/${e(ns)}/${e(name)}/${action}`, { namespace: ns, name }),

  listArchived: (ns: string, p: ListParams = {}) =>
    get<List<Workflow>>('/api/v1/archived-workflows', { namespace: ns, ...listQuery(p) }),
  getArchived: (uid: string, ns?: string) =>
    get<Workflow>(`/api/v1/archived-workflows/${e(uid)}`, { namespace: ns }),

  listEventBindings: (ns: string) =>
    get<List<WorkflowEventBinding>>(`/api/v1/workflow-event-bindings/${e(ns)}`),
};

export type WorkflowAction = 'resume' | 'suspend' | 'stop' | 'terminate' | 'retry' | 'resubmit';

/** The artifact download URL Argo serves for a node's input or output artifact. */
export function artifactUrl(
  ns: string,
  wf: string,
  nodeId: string,
  direction: 'inputs' | 'outputs',
  name: string,
) {
  return `/artifact-files/${e(ns)}/workflows/${e(wf)}/${e(nodeId)}/${direction}/${e(name)}`;
}
