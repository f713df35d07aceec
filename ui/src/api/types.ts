/** The parts of Argo's API objects (argoproj.io/v1alpha1, per the server's swagger) the UI reads. */

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface Parameter {
  name: string;
  value?: string;
  default?: string;
  enum?: string[];
  description?: string;
  globalName?: string;
}

export interface Artifact {
  name: string;
  path?: string;
  s3?: { key?: string };
  raw?: { data?: string };
  [key: string]: unknown;
}

export interface Inputs {
  parameters?: Parameter[];
  artifacts?: Artifact[];
}

export interface Outputs extends Inputs {
  result?: string;
  exitCode?: string;
}

export type NodeType =
  | 'Pod'
  | 'Container'
  | 'Steps'
  | 'StepGroup'
  | 'DAG'
  | 'TaskGroup'
  | 'Retry'
  | 'Skipped'
  | 'Suspend'
  | 'HTTP'
  | 'Plugin';

export interface NodeStatus {
  id: string;
  name: string;
  displayName?: string;
  type: NodeType | string;
  templateName?: string;
  templateRef?: { name: string; template: string; clusterScope?: boolean };
  phase?: string;
  boundaryID?: string;
  children?: string[];
  outboundNodes?: string[];
  message?: string;
  startedAt?: string;
  finishedAt?: string;
  progress?: string;
  inputs?: Inputs;
  outputs?: Outputs;
  resourcesDuration?: Record<string, number>;
  hostNodeName?: string;
}

export interface Template {
  name?: string;
  inputs?: Inputs;
  container?: { image?: string };
  script?: { image?: string };
  [key: string]: unknown;
}

export interface WorkflowSpec {
  entrypoint?: string;
  arguments?: { parameters?: Parameter[]; artifacts?: Artifact[] };
  templates?: Template[];
  workflowTemplateRef?: { name: string; clusterScope?: boolean };
  suspend?: boolean;
  [key: string]: unknown;
}

export interface WorkflowStatus {
  phase?: string;
  startedAt?: string;
  finishedAt?: string;
  progress?: string;
  message?: string;
  nodes?: Record<string, NodeStatus>;
  outputs?: Outputs;
  estimatedDuration?: number;
}

export interface Workflow {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: WorkflowSpec;
  status?: WorkflowStatus;
}

export interface WorkflowTemplate {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: WorkflowSpec;
}

export interface CronWorkflow {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: {
    schedule?: string;
    schedules?: string[];
    timezone?: string;
    suspend?: boolean;
    concurrencyPolicy?: string;
    workflowSpec?: WorkflowSpec;
    [key: string]: unknown;
  };
  status?: {
    lastScheduledTime?: string;
    active?: unknown[];
    succeeded?: number;
    failed?: number;
    phase?: string;
  };
}

export interface WorkflowEventBinding {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: {
    event?: { selector?: string };
    submit?: { workflowTemplateRef?: { name: string; clusterScope?: boolean }; arguments?: unknown };
  };
}

export interface ListMeta {
  continue?: string;
  resourceVersion?: string;
  remainingItemCount?: number;
}

export interface List<T> {
  items?: T[] | null;
  metadata?: ListMeta;
}

export interface WatchEvent<T> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | string;
  object: T;
}

export interface LogEntry {
  content?: string;
  podName?: string;
}

export interface UserInfo {
  issuer?: string;
  subject?: string;
  groups?: string[];
  email?: string;
  emailVerified?: boolean;
  name?: string;
  serviceAccountName?: string;
  serviceAccountNamespace?: string;
}

export interface InfoResponse {
  managedNamespace?: string;
  links?: { name: string; scope: string; url: string }[];
  modals?: Record<string, boolean>;
  navColor?: string;
}

export interface VersionResponse {
  version?: string;
  buildDate?: string;
  gitCommit?: string;
  platform?: string;
}
