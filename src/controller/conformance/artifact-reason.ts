/**
 * Which of an example's artifacts the host runtime cannot honour here. Artifacts on the workflow's
 * default repository (no location, or a key-only `s3.key`), raw data, and outputs passed with
 * `from`/`fromExpression` run (on the local repository), and so do data templates listing such a
 * location; anything that names a remote server or a kind Argosy has no driver for is a reason to skip.
 * S3 locations on a loopback endpoint run: argo-examples-s3.integration.test.ts points the examples
 * that name their own S3 server at one.
 */
import type { Artifact, Template, WorkflowSpec } from '../../spec/types.js';

const UNSUPPORTED_KINDS = ['gcs', 'azure', 'oss', 'artifactory', 'hdfs', 'plugin'] as const;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** An endpoint on this machine (`127.0.0.1:PORT`, `localhost:PORT`), as the S3 examples test points them. */
const isLoopback = (endpoint: unknown): boolean =>
  typeof endpoint === 'string' && /^(127\.0\.0\.1|localhost)(:\d+)?$/.test(endpoint);

/** Why one artifact cannot run here, or undefined. */
export function artifactLocationReason(a: Artifact): string | undefined {
  const record = a as unknown as Record<string, unknown>;
  for (const kind of UNSUPPORTED_KINDS)
    if (isRecord(record[kind])) return `${kind} artifacts (no ${kind} server here)`;
  const s3 = record.s3;
  if (isRecord(s3) && (s3.bucket !== undefined || s3.endpoint !== undefined) && !isLoopback(s3.endpoint)) {
    return 's3 artifact names its own bucket/endpoint: run by argo-examples-s3.integration.test.ts (on a loopback S3 server)';
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

/**
 * The `artifact-repositories` ConfigMap the example runner stores (run-examples.ts): the keys Argo's
 * examples name, each the local repository.
 */
export const EXAMPLE_REPOSITORY_KEYS = ['my-key'] as const;

/** Reasons in the spec outside the templates. */
export function specArtifactReason(spec: WorkflowSpec): string | undefined {
  const ref = spec.artifactRepositoryRef;
  if (ref && ((ref.configMap ?? 'artifact-repositories') !== 'artifact-repositories' || !ref.key)) {
    return `artifactRepositoryRef to ConfigMap ${ref.configMap ?? 'artifact-repositories'} key ${ref.key ?? '(default)'} (not stored by the runner)`;
  }
  if (ref?.key && !(EXAMPLE_REPOSITORY_KEYS as readonly string[]).includes(ref.key)) {
    return `artifactRepositoryRef key ${ref.key} (not stored by the runner)`;
  }
  for (const a of spec.arguments?.artifacts ?? []) {
    const reason = artifactLocationReason(a);
    if (reason) return reason;
  }
  return undefined;
}

/** Why a data template's source cannot be listed here (it runs in the controller, on any runtime). */
export function dataSourceReason(t: Template): string | undefined {
  if (!t.data) return undefined;
  const source = t.data.source?.artifactPaths as Artifact | undefined;
  if (!source) return 'data template without source.artifactPaths';
  const reason = artifactLocationReason(source);
  return reason ? `data template source: ${reason}` : undefined;
}

/** Reasons in one template. The container runtime places artifacts anywhere; the host runtime not directly under /. */
export function templateArtifactReason(
  t: Template,
  runtime: 'host' | 'container' = 'host',
): string | undefined {
  const data = dataSourceReason(t);
  if (data) return data;
  const archive = t.archiveLocation as Record<string, unknown> | undefined;
  if (archive && Object.keys(archive).some((k) => k !== 'archiveLogs')) {
    return 'archiveLocation names its own repository (no such server here)';
  }
  for (const a of artifactsOf(t)) {
    const reason = artifactLocationReason(a);
    if (reason) return reason;
  }
  if (runtime === 'container') return undefined;
  for (const a of [...(t.inputs?.artifacts ?? []), ...(t.outputs?.artifacts ?? [])]) {
    const path = (a.path ?? '').replace(/\/+$/, '');
    if (/^\/[^/]+$/.test(path) && path !== '/tmp' && path !== '/argo') {
      return `artifact at ${path}, directly under / (the host runtime places no file there)`;
    }
  }
  return undefined;
}
