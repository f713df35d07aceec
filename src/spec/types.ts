/**
 * The resource types, with Argo v4's field names. Type-only re-exports of the generated models in
 * @kubernetes-models/argo-workflows (built from Argo's OpenAPI), under short names.
 * Nothing from that package is loaded at run time.
 */

import type { IObjectMeta } from '@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta';
import type { IArguments } from '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1/Arguments';
import type { IArtifact } from '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1/Artifact';
import type { IClusterWorkflowTemplate } from '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1/ClusterWorkflowTemplate';
import type { ICronWorkflow } from '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1/CronWorkflow';
import type { IDAGTask } from '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1/DAGTask';
import type { IDAGTemplate } from '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1/DAGTemplate';
import type { IHTTP } from '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1/HTTP';
import type { IInputs } from '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1/Inputs';
import type { ILifecycleHook } from '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1/LifecycleHook';
import type { INodeStatus } from '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1/NodeStatus';
import type { IOutputs } from '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1/Outputs';
import type { IParameter } from '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1/Parameter';
import type { IRetryStrategy } from '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1/RetryStrategy';
import type { IScriptTemplate } from '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1/ScriptTemplate';
import type { ISuspendTemplate } from '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1/SuspendTemplate';
import type { ITemplate } from '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1/Template';
import type { ITemplateRef } from '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1/TemplateRef';
import type { IWorkflow } from '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1/Workflow';
import type { IWorkflowEventBinding } from '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1/WorkflowEventBinding';
import type { IWorkflowSpec } from '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1/WorkflowSpec';
import type { IWorkflowStatus } from '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1/WorkflowStatus';
import type { IWorkflowStep } from '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1/WorkflowStep';
import type { IWorkflowTemplate } from '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1/WorkflowTemplate';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { ISecret } from 'kubernetes-models/v1/Secret';

export type ObjectMeta = IObjectMeta;
export type Workflow = IWorkflow;
export type WorkflowSpec = IWorkflowSpec;
export type WorkflowStatus = IWorkflowStatus;
export type NodeStatus = INodeStatus;
export type WorkflowTemplate = IWorkflowTemplate;
export type ClusterWorkflowTemplate = IClusterWorkflowTemplate;
export type CronWorkflow = ICronWorkflow;
export type WorkflowEventBinding = IWorkflowEventBinding;
export type ConfigMap = IConfigMap;
export type Secret = ISecret;
export type Template = ITemplate;
export type TemplateRef = ITemplateRef;
export type WorkflowStep = IWorkflowStep;
export type DAGTemplate = IDAGTemplate;
export type DAGTask = IDAGTask;
export type Arguments = IArguments;
export type Inputs = IInputs;
export type Outputs = IOutputs;
export type Parameter = IParameter;
export type Artifact = IArtifact;
export type RetryStrategy = IRetryStrategy;
export type ScriptTemplate = IScriptTemplate;
export type SuspendTemplate = ISuspendTemplate;
export type HTTPTemplate = IHTTP;
export type LifecycleHook = ILifecycleHook;
export type Container = IContainer;

/** The kinds Argosy reads. */
export const KINDS = [
  'Workflow',
  'WorkflowTemplate',
  'ClusterWorkflowTemplate',
  'CronWorkflow',
  'WorkflowEventBinding',
  'ConfigMap',
  'Secret',
] as const;
export type Kind = (typeof KINDS)[number];

export type NodePhase = 'Pending' | 'Running' | 'Succeeded' | 'Skipped' | 'Failed' | 'Error' | 'Omitted';
export type WorkflowPhase = '' | 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Error';
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
