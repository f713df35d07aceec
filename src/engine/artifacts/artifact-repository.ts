/**
 * Which repository a pod's outputs go to, and under which key prefix (Argo's archiveLocation): the
 * template's own `archiveLocation`, else the workflow's repository recorded in
 * `status.artifactRepositoryRef` (resolved by the controller when the workflow started), else the
 * local repository. The prefix is the repository's keyFormat, by default `{{workflow.name}}/{{pod.name}}`.
 */
import type { Vars } from '../../expr/tags/index.js';
import type { ArtifactRepositoryPlan } from '../../runtime/pod-plan.js';
import type { Template, WorkflowSpec, WorkflowStatus } from '../../spec/types.js';
import { substituteText } from '../substitution.js';

export const DEFAULT_KEY_FORMAT = '{{workflow.name}}/{{pod.name}}';

const REPOSITORY_KINDS = ['s3', 'local', 'gcs', 'azure', 'oss', 'artifactory', 'hdfs'] as const;

/** The status field Argo records the resolved repository in (local is Argosy's own kind). */
export interface ArtifactRepositoryRefStatus {
  configMap?: string;
  key?: string;
  namespace?: string;
  default?: boolean;
  artifactRepository?: Record<string, unknown>;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function kindIn(value: Record<string, unknown>): (typeof REPOSITORY_KINDS)[number] | undefined {
  return REPOSITORY_KINDS.find((k) => isRecord(value[k]));
}

/** The plan's repository; throws (an ExpressionError) when the key format cannot be resolved. */
export function repositoryPlan(
  spec: WorkflowSpec,
  status: WorkflowStatus,
  tmpl: Template,
  vars: Vars,
): ArtifactRepositoryPlan {
  const ref = status.artifactRepositoryRef as ArtifactRepositoryRefStatus | undefined;
  const repo: Record<string, unknown> = isRecord(ref?.artifactRepository)
    ? ref.artifactRepository
    : { local: {} };
  const own = (tmpl.archiveLocation ?? {}) as Record<string, unknown>;
  const ownKind = kindIn(own);
  let location: Record<string, unknown>;
  if (ownKind) {
    const inner = own[ownKind] as Record<string, unknown>;
    location = { [ownKind]: { ...inner, key: substituteText(String(inner.key ?? ''), vars) } };
  } else {
    const kind = kindIn(repo) ?? 'local';
    const { keyFormat, keyPrefix, ...settings } = (repo[kind] ?? {}) as Record<string, unknown>;
    let format = typeof keyFormat === 'string' && keyFormat !== '' ? keyFormat : DEFAULT_KEY_FORMAT;
    if (typeof keyPrefix === 'string' && keyPrefix !== '' && !(typeof keyFormat === 'string' && keyFormat)) {
      format = `${keyPrefix.replace(/\/+$/, '')}/${DEFAULT_KEY_FORMAT}`;
    }
    location = { [kind]: { ...settings, key: substituteText(format, vars) } };
  }
  const archiveLogs =
    (typeof own.archiveLogs === 'boolean' ? own.archiveLogs : undefined) ??
    spec.archiveLogs ??
    (typeof repo.archiveLogs === 'boolean' ? repo.archiveLogs : undefined);
  const plan: ArtifactRepositoryPlan = { location };
  if (archiveLogs) plan.archiveLogs = true;
  return plan;
}
