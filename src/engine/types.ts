/**
 * The engine's public data types: what goes into `reconcile` and what comes out.
 */
import type { PodObservation, PodPlan } from '../runtime/pod-plan.js';
import type { Workflow, WorkflowStatus } from '../spec/types.js';
import type { ArtifactRepositoryRefStatus, DeleteArtifactsAction } from './artifacts/index.js';
import type { GateAction, GateObservation } from './gate-types.js';

export interface ReconcileInput {
  /** Defaulted; metadata.name/uid/namespace set; status possibly empty. Its status is handed over to the engine (updated in place). */
  workflow: Workflow;
  /** What happened since the last call. */
  observations: Observation[];
  /** ISO time; the engine never reads the clock. */
  now: string;
  /**
   * Present on a controller's first reconcile of this workflow (a take-over, after a restart or from
   * another replica): pod names the runtime does not know (Pending -> started again, Running -> Error
   * "pod deleted"). HTTP requests in flight died with the process that made them: they are made again.
   */
  lostPods?: string[];
  /**
   * What a lost Running pod becomes. `error` (default, Argo's semantics for a deleted pod): Error
   * "pod deleted", retryStrategy applies. `restart`: started again like a Pending one — right when the
   * pod died with the controller that ran it (the host runtime), so it never succeeded.
   */
  lostPodPolicy?: 'error' | 'restart';
  /**
   * The artifact repository the controller resolved for this workflow (configuration file, or the
   * `artifactRepositoryRef` ConfigMap). Recorded in `status.artifactRepositoryRef` when the status has none yet.
   */
  artifactRepositoryRef?: ArtifactRepositoryRefStatus;
}

export interface HttpObservation {
  kind: 'http';
  nodeId: string;
  statusCode?: number;
  body?: string;
  /** Transport error (connection refused, timeout): the node Fails with this message. */
  error?: string;
  headers?: Record<string, string | string[]>;
}

/** The listing a data template asked for (see templates/data-template.ts). */
export interface DataObservation {
  kind: 'data';
  nodeId: string;
  /** Full keys of the files under the location, sorted. */
  files?: string[];
  /** The listing failed: the node ends in Error with this message. */
  error?: string;
  /** The template's transformation steps, substituted, as the action carried them. */
  transformation: TransformationStep[];
}

export interface TransformationStep {
  expression: string;
}

/** Asks the controller to list the files of a data template's `source.artifactPaths`. */
export interface ListArtifactPathsAction {
  type: 'listArtifactPaths';
  nodeId: string;
  /** The location (any artifact location; key-only ones live in `repository`). */
  artifact: Record<string, unknown>;
  /** The workflow's repository, for key-only locations. */
  repository: Record<string, unknown>;
  /** Handed back in the DataObservation. */
  transformation: TransformationStep[];
}

export type Observation = PodObservation | HttpObservation | GateObservation | DataObservation;

export interface HttpRequest {
  method: string;
  url: string;
  headers: { name: string; value: string }[];
  body?: string;
  timeoutSeconds?: number;
  insecureSkipVerify?: boolean;
}

export type Action =
  | { type: 'startPod'; plan: PodPlan }
  | { type: 'stopPod'; podName: string; reason: 'terminate' | 'stop' | 'deadline' }
  | { type: 'httpRequest'; nodeId: string; request: HttpRequest }
  | { type: 'requeueAfter'; seconds: number }
  | ListArtifactPathsAction
  | GateAction
  | DeleteArtifactsAction;

export interface ReconcileResult {
  status: WorkflowStatus;
  actions: Action[];
  /** IDs of the nodes created or changed by this call (the store writes only these). */
  changedNodeIds: string[];
}
