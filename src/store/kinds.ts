/**
 * What the store knows about kinds: their API resource names (for Kubernetes-like messages) and
 * whether they are cluster-scoped. Unknown kinds are namespaced, named `<kind>s`.
 */

import { AlreadyExistsError, ArgosyError, ConflictError, NotFoundError } from '../errors/index.js';

const ARGO_GROUP = 'argoproj.io';

const RESOURCE_NAMES: Record<string, string> = {
  Workflow: `workflows.${ARGO_GROUP}`,
  WorkflowTemplate: `workflowtemplates.${ARGO_GROUP}`,
  ClusterWorkflowTemplate: `clusterworkflowtemplates.${ARGO_GROUP}`,
  CronWorkflow: `cronworkflows.${ARGO_GROUP}`,
  WorkflowEventBinding: `workfloweventbindings.${ARGO_GROUP}`,
  WorkflowTaskResult: `workflowtaskresults.${ARGO_GROUP}`,
  WorkflowArtifactGCTask: `workflowartifactgctasks.${ARGO_GROUP}`,
  ConfigMap: 'configmaps',
  Secret: 'secrets',
  Pod: 'pods',
  Namespace: 'namespaces',
  ArchivedWorkflow: `archivedworkflows.${ARGO_GROUP}`,
  ArgosyAccessToken: 'accesstokens.argosy.io',
  /** Argosy's own: one per mutex or semaphore, its holders and queue (src/sync). */
  SynchronizationLock: 'synchronizationlocks.argosy.io',
};

const CLUSTER_SCOPED = new Set(['ClusterWorkflowTemplate', 'Namespace', 'ArgosyAccessToken']);

/** The kind whose `status.nodes` is stored as rows. */
export const WORKFLOW_KIND = 'Workflow';

export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind);
}

/** `workflows.argoproj.io`, as Kubernetes names a resource in its messages. */
export function resourceName(kind: string): string {
  return RESOURCE_NAMES[kind] ?? `${kind.toLowerCase()}s`;
}

/** The namespace key a kind is stored under: '' for cluster-scoped kinds. */
export function scopeNamespace(kind: string, namespace: string | undefined): string {
  return isClusterScoped(kind) ? '' : (namespace ?? '');
}

export function notFound(kind: string, name: string): NotFoundError {
  return new NotFoundError(`${resourceName(kind)} "${name}" not found`);
}

export function alreadyExists(kind: string, name: string): AlreadyExistsError {
  return new AlreadyExistsError(`${resourceName(kind)} "${name}" already exists`);
}

export function conflict(kind: string, name: string): ConflictError {
  return new ConflictError(
    `Operation cannot be fulfilled on ${resourceName(kind)} "${name}": the object has been modified; ` +
      'please apply your changes to the latest version and try again',
  );
}

/** A watch asked for changes the store no longer keeps (HTTP 410 Gone): list again, then watch. */
export class ResourceVersionExpiredError extends ArgosyError {
  readonly httpStatus = 410;
  constructor(readonly resourceVersion: string) {
    super(`too old resource version: ${resourceVersion}`);
  }
}
