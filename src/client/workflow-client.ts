/**
 * What the CLI asks of Argosy, whether it works on the embedded store (EmbeddedClient) or talks to
 * a server (HttpClient, `--server URL` / ARGOSY_SERVER). Commands use only this, so each verb is
 * written once and behaves the same both ways.
 */
import type { LogEntry, SubmitOptions, VerbOptions, WorkflowVerb } from '../api/index.js';
import type { DeletionResult } from '../controller/artifact-gc-finalizer.js';
import type { Workflow } from '../spec/types.js';

export type { DeletionResult };

export interface LogRequest {
  namespace: string;
  workflow: string;
  podName?: string;
  container?: string;
  follow?: boolean;
  grep?: string;
}

export interface WorkflowClient {
  readonly mode: 'embedded' | 'server';
  /**
   * Admits and stores a workflow. `templates` are WorkflowTemplates/ClusterWorkflowTemplates given
   * beside it (files of the same `submit`): the embedded client resolves references against them;
   * a server resolves against what it has stored.
   */
  createWorkflow(
    namespace: string,
    wf: Workflow,
    templates?: Array<Record<string, unknown>>,
  ): Promise<Workflow>;
  /** A Workflow from a stored WorkflowTemplate, ClusterWorkflowTemplate or CronWorkflow (`submit --from`). */
  submitFrom(namespace: string, kind: string, name: string, options: SubmitOptions): Promise<Workflow>;
  getWorkflow(namespace: string, name: string): Promise<Workflow>;
  /** `namespace` undefined: every namespace. Items carry no nodes. */
  listWorkflows(namespace: string | undefined, options?: { labelSelector?: string }): Promise<Workflow[]>;
  /**
   * Deletes a workflow; one held by the artifact GC finalizer gets its OnWorkflowDeletion artifacts
   * deleted first, and stays (`pending`) when they cannot be. `force`: without waiting for them.
   */
  deleteWorkflow(namespace: string, name: string, options?: { force?: boolean }): Promise<DeletionResult>;
  applyVerb(namespace: string, name: string, verb: WorkflowVerb, options?: VerbOptions): Promise<Workflow>;
  resubmitWorkflow(namespace: string, name: string): Promise<Workflow>;
  streamLogs(request: LogRequest, onEntry: (entry: LogEntry) => void): Promise<void>;
  /**
   * Resolves with the workflow once completed, calling onChange with each version seen. The
   * embedded client runs the controller in this process meanwhile; a server runs it itself.
   */
  waitForCompletion(namespace: string, name: string, onChange?: (wf: Workflow) => void): Promise<Workflow>;
  /** After a write: the embedded client makes sure a background controller runs; a server needs nothing. */
  afterChange(): void;
  listArchived(namespace: string | undefined): Promise<Workflow[]>;
  getArchived(uid: string): Promise<Workflow>;
  deleteArchived(uid: string): Promise<void>;
  resubmitArchived(uid: string): Promise<Workflow>;
  retryArchived(uid: string): Promise<Workflow>;
  close(): Promise<void>;
}
