/**
 * Which of an example's artifacts the host runtime cannot honour here. Artifacts on the workflow's
 * default repository (no location, or a key-only `s3.key`), raw data, and outputs passed with
 * `from`/`fromExpression` run (on the local repository); anything that names a remote server or a
 * kind Argosy has no driver for is a reason to skip.
 */
import type { Artifact, Template, WorkflowSpec } from '../../spec/types.js';

const UNSUPPORTED_KINDS = ['gcs', 'azure', 'oss', 'artifactory', 'hdfs', 'plugin'] as const;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Why one artifact cannot run here, or undefined. */
export function artifactLocationReason(a: Artifact): string | undefined {
  const record = a as unknown as Record<string, unknown>;
  for (const kind of UNSUPPORTED_KINDS)
    if (isRecord(record[kind])) return `${kind} artifacts (no ${kind} server here)`;
  const s3 = record.s3;
  if (isRecord(s3) && (s3.bucket !== undefined || s3.endpoint !== undefined)) {
    return 's3 artifact names its own bucket/endpoint (no such S3 server here)';
  }
  const http = record.http;
  if (isRecord(http) && !/^https?:\/\/(127\.0\.0\.1|localhost)[:/]/.test(String(http.url ?? ''))) {
    return 'http artifact needs network';
  }
  const git = record.git;
  if (isRecord(git) && !String(git.repo ?? '').startsWith('file://')) return 'git artifact needs network';
  return undefined;
}

function artifactsOf(t: Template): Artifact[] {
  const out: Artifact[] = [...(t.inputs?.artifacts ?? []), ...(t.outputs?.artifacts ?? [])];
  const groups = (t.steps ?? []).map((g) =>
    Array.isArray(g) ? g : ((g as { steps?: unknown[] }).steps ?? []),
  );
  for (const step of groups.flat() as { arguments?: { artifacts?: Artifact[] } }[]) {
    out.push(...(step.arguments?.artifacts ?? []));
  }
  for (const task of t.dag?.tasks ?? []) out.push(...(task.arguments?.artifacts ?? []));
  return out;
}

/** Reasons in the spec outside the templates. */
export function specArtifactReason(spec: WorkflowSpec): string | undefined {
  if (spec.artifactRepositoryRef) return 'artifactRepositoryRef (needs its ConfigMap)';
  for (const a of spec.arguments?.artifacts ?? []) {
    const reason = artifactLocationReason(a);
    if (reason) return reason;
  }
  return undefined;
}

/** Reasons in one template. */
export function templateArtifactReason(t: Template): string | undefined {
  if (t.data) return 'data template';
  const archive = t.archiveLocation as Record<string, unknown> | undefined;
  if (archive && Object.keys(archive).some((k) => k !== 'archiveLogs')) {
    return 'archiveLocation names its own repository (no such server here)';
  }
  for (const a of artifactsOf(t)) {
    const reason = artifactLocationReason(a);
    if (reason) return reason;
  }
  for (const a of [...(t.inputs?.artifacts ?? []), ...(t.outputs?.artifacts ?? [])]) {
    const path = (a.path ?? '').replace(/\/+$/, '');
    if (/^\/[^/]+$/.test(path) && path !== '/tmp' && path !== '/argo') {
      return `artifact at ${path}, directly under / (the host runtime places no file there)`;
    }
  }
  return undefined;
}
