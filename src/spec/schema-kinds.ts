/**
 * Which apiVersion/kind pairs have a schema, and the single issue a document of any other kind gets.
 */
import type { SchemaIssue } from './index.js';
import type { Kind } from './types.js';

export const ARGO_API_VERSION = 'argoproj.io/v1alpha1';
export const CORE_API_VERSION = 'v1';

/** apiVersion of each kind Argosy reads. */
export const API_VERSION_OF: Readonly<Record<Kind, string>> = {
  Workflow: ARGO_API_VERSION,
  WorkflowTemplate: ARGO_API_VERSION,
  ClusterWorkflowTemplate: ARGO_API_VERSION,
  CronWorkflow: ARGO_API_VERSION,
  WorkflowEventBinding: ARGO_API_VERSION,
  ConfigMap: CORE_API_VERSION,
  Secret: CORE_API_VERSION,
};

export function isKind(kind: unknown): kind is Kind {
  return typeof kind === 'string' && Object.hasOwn(API_VERSION_OF, kind);
}

export const schemaKindsText = `known kinds: ${Object.keys(API_VERSION_OF).join(', ')}`;

/** The kind to validate as, or the one issue explaining why the document has no schema. */
export function schemaTarget(resource: Record<string, unknown>): { kind: Kind } | { issue: SchemaIssue } {
  const { apiVersion, kind } = resource;
  if (kind === undefined || kind === null || kind === '')
    return { issue: { path: ['kind'], message: 'is required' } };
  if (typeof kind !== 'string') return { issue: { path: ['kind'], message: 'must be a string' } };
  if (apiVersion === undefined || apiVersion === null || apiVersion === '') {
    return { issue: { path: ['apiVersion'], message: 'is required' } };
  }
  if (typeof apiVersion !== 'string') return { issue: { path: ['apiVersion'], message: 'must be a string' } };
  if (!isKind(kind)) {
    return { issue: { path: ['kind'], message: `unknown kind "${kind}" (${schemaKindsText})` } };
  }
  const expected = API_VERSION_OF[kind];
  if (apiVersion !== expected) {
    return {
      issue: {
        path: ['apiVersion'],
        message: `unknown apiVersion "${apiVersion}" for ${kind}, expected ${expected}`,
      },
    };
  }
  return { kind };
}
