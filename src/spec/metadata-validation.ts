/**
 * Kubernetes' ObjectMeta checks (apimachinery ValidateObjectMeta) for every kind Argosy reads: a name
 * or generateName, names as DNS-1123 subdomains, namespaces as DNS-1123 labels, label and annotation
 * keys as qualified names, label values. Types themselves are the schema's job; values of the wrong
 * type are skipped here.
 */
import type { FieldPath, ValidationIssue } from './index.js';
import {
  dns1123LabelProblem,
  dns1123SubdomainProblem,
  labelValueProblem,
  qualifiedNameProblem,
} from './names.js';

/** Kubernetes' limit on the total size of all annotations of one object. */
export const ANNOTATIONS_MAX_BYTES = 256 * 1024;

/** Kinds without a namespace. */
const CLUSTER_SCOPED = new Set(['ClusterWorkflowTemplate']);

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

function checkNames(meta: Record<string, unknown>, kind: string, issues: ValidationIssue[]): void {
  const { name, generateName, namespace } = meta;
  const hasName = typeof name === 'string' && name !== '';
  const hasGenerateName = typeof generateName === 'string' && generateName !== '';
  if (!hasName && !hasGenerateName) {
    issues.push({ path: ['metadata', 'name'], message: 'name or generateName is required' });
  }
  if (hasName) {
    const problem = dns1123SubdomainProblem(name);
    if (problem) issues.push({ path: ['metadata', 'name'], message: problem });
  }
  if (hasGenerateName && !hasName) {
    // Kubernetes validates the prefix with its trailing '-' masked, as the suffix will follow it.
    const prefix = generateName.endsWith('-') ? `${generateName.slice(0, -1)}a` : generateName;
    const problem = dns1123SubdomainProblem(prefix);
    if (problem) issues.push({ path: ['metadata', 'generateName'], message: problem });
  }
  if (typeof namespace === 'string' && namespace !== '') {
    if (CLUSTER_SCOPED.has(kind)) {
      issues.push({ path: ['metadata', 'namespace'], message: `must not be set: ${kind} is cluster-scoped` });
    } else {
      const problem = dns1123LabelProblem(namespace);
      if (problem) issues.push({ path: ['metadata', 'namespace'], message: problem });
    }
  }
}

function checkMap(map: unknown, field: 'labels' | 'annotations', issues: ValidationIssue[]): void {
  if (!isRecord(map)) return;
  let bytes = 0;
  for (const [key, value] of Object.entries(map)) {
    const path: FieldPath = ['metadata', field, key];
    const keyProblem = qualifiedNameProblem(key);
    if (keyProblem) issues.push({ path, message: `key ${JSON.stringify(key)}: ${keyProblem}` });
    if (typeof value !== 'string') continue;
    if (field === 'labels') {
      const valueProblem = labelValueProblem(value);
      if (valueProblem) issues.push({ path, message: `value ${JSON.stringify(value)}: ${valueProblem}` });
    } else {
      bytes += Buffer.byteLength(key) + Buffer.byteLength(value);
    }
  }
  if (bytes > ANNOTATIONS_MAX_BYTES) {
    issues.push({
      path: ['metadata', field],
      message: `total size is ${bytes} bytes, must be no more than ${ANNOTATIONS_MAX_BYTES}`,
    });
  }
}

/** ObjectMeta issues of a resource; a missing or non-object metadata gives one issue. */
export function validateMetadata(resource: Record<string, unknown>): ValidationIssue[] {
  const meta = resource.metadata;
  const kind = typeof resource.kind === 'string' ? resource.kind : '';
  if (meta === undefined || meta === null) {
    return [{ path: ['metadata'], message: 'is required' }];
  }
  if (!isRecord(meta)) return [{ path: ['metadata'], message: 'must be an object' }];
  const issues: ValidationIssue[] = [];
  checkNames(meta, kind, issues);
  checkMap(meta.labels, 'labels', issues);
  checkMap(meta.annotations, 'annotations', issues);
  return issues;
}
