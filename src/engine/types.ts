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
  /** Pod names the runtime does not know (controller restart): Pending -> started again, Running -> Error "pod deleted". */
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

export type Observation = PodObservation | HttpObservation | GateObservation;

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
  | GateAction
  | DeleteArtifactsAction;

export interface ReconcileResult {
  status: WorkflowStatus;
  actions: Action[];
  /** IDs of the nodes created or changed by this call (the store writes only these). */
  changedNodeIds: string[];
}
