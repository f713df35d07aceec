/** Checks a parsed configuration value field by field; each problem names its key and reason. */
import { LOCATION_KINDS, SUPPORTED_KINDS } from '../artifacts/location.js';
import { formatPath, validateResourceSchema } from '../spec/index.js';
import type { ArtifactRepository, ControllerConfig, WorkflowDefaults } from './controller-config.js';
import { IGNORED_KEYS, USED_KEYS } from './controller-config.js';

export interface ConfigProblem {
  path: string;
  reason: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const S3_FIELDS: Record<string, 'string' | 'boolean' | 'secret' | 'object'> = {
  bucket: 'string',
  endpoint: 'string',
  region: 'string',
  insecure: 'boolean',
  keyFormat: 'string',
  keyPrefix: 'string',
  accessKeySecret: 'secret',
  secretKeySecret: 'secret',
  sessionTokenSecret: 'secret',
  useSDKCreds: 'boolean',
  forcePathStyle: 'boolean',
  roleARN: 'string',
  createBucketIfNotPresent: 'object',
  encryptionOptions: 'object',
  caSecret: 'secret',
};

export function validateConfig(value: unknown): {
  config?: Omit<ControllerConfig, 'source'>;
  problems: ConfigProblem[];
} {
  const problems: ConfigProblem[] = [];
  const add = (path: string, reason: string) => problems.push({ path, reason });
  if (value === null || value === undefined) return { config: {}, problems };
  if (!isRecord(value)) {
    add(
      '',
      'the configuration must be a mapping of keys (artifactRepository, workflowDefaults, parallelism, ...)',
    );
    return { problems };
  }
  const known = new Set<string>([...USED_KEYS, ...IGNORED_KEYS]);
  for (const key of Object.keys(value)) {
    if (!known.has(key))
      add(key, `unknown key (known keys: ${[...USED_KEYS].join(', ')}, and Argo's other configmap keys)`);
  }
  const config: Omit<ControllerConfig, 'source'> = {};
  for (const key of ['parallelism', 'namespaceParallelism'] as const) {
    const v = value[key];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
      add(key, `must be a whole number >= 0, got ${JSON.stringify(v)}`);
    else config[key] = v;
  }
  if (value.artifactRepository !== undefined && value.artifactRepository !== null) {
    const repo = validateRepository(value.artifactRepository, 'artifactRepository', problems);
    if (repo) config.artifactRepository = repo;
  }
  if (value.workflowDefaults !== undefined && value.workflowDefaults !== null) {
    const defaults = validateWorkflowDefaults(value.workflowDefaults, problems);
    if (defaults) config.workflowDefaults = defaults;
  }
  return problems.length > 0 ? { problems } : { config, problems };
}

/** An ArtifactRepository (also the values of an artifact-repositories ConfigMap). */
export function validateRepository(
  value: unknown,
  at: string,
  problems: ConfigProblem[],
): ArtifactRepository | undefined {
  const before = problems.length;
  const add = (path: string, reason: string) => problems.push({ path, reason });
  if (!isRecord(value)) {
    add(at, 'must be a mapping with one repository kind (s3, local, ...)');
    return undefined;
  }
  const kinds = Object.keys(value).filter((k) => (LOCATION_KINDS as readonly string[]).includes(k));
  for (const k of Object.keys(value)) {
    if (k !== 'archiveLogs' && !kinds.includes(k))
      add(
        `${at}.${k}`,
        `unknown field (expected archiveLogs or one of ${SUPPORTED_KINDS.filter((s) => s === 's3' || s === 'local').join(', ')})`,
      );
  }
  if (value.archiveLogs !== undefined && typeof value.archiveLogs !== 'boolean')
    add(`${at}.archiveLogs`, 'must be true or false');
  if (kinds.length === 0) add(at, 'names no repository: set s3 or local');
  if (kinds.length > 1) add(at, `names ${kinds.length} repositories (${kinds.join(', ')}): set exactly one`);
  const kind = kinds[0];
  if (kinds.length === 1 && kind) {
    const inner = value[kind];
    if (kind !== 's3' && kind !== 'local') {
      add(`${at}.${kind}`, `${kind} repositories are not supported by Argosy (use s3, or local)`);
    } else if (!isRecord(inner)) add(`${at}.${kind}`, 'must be a mapping');
    else if (kind === 's3') validateS3(inner, `${at}.s3`, problems);
    else {
      for (const [k, v] of Object.entries(inner)) {
        if (k !== 'path' && k !== 'keyFormat')
          add(`${at}.local.${k}`, 'unknown field (expected path or keyFormat)');
        else if (typeof v !== 'string') add(`${at}.local.${k}`, 'must be a string');
      }
    }
  }
  return problems.length === before ? (value as ArtifactRepository) : undefined;
}

function validateS3(s3: Record<string, unknown>, at: string, problems: ConfigProblem[]): void {
  const add = (path: string, reason: string) => problems.push({ path, reason });
  if (typeof s3.bucket !== 'string' || s3.bucket === '') add(`${at}.bucket`, 'is required');
  for (const [k, v] of Object.entries(s3)) {
    const type = S3_FIELDS[k];
    if (!type) {
      add(`${at}.${k}`, `unknown field (expected one of ${Object.keys(S3_FIELDS).join(', ')})`);
      continue;
    }
    if (type === 'secret') {
      if (!isRecord(v) || typeof v.name !== 'string' || typeof v.key !== 'string') {
        add(`${at}.${k}`, 'must be a Secret reference {name: ..., key: ...}');
      }
    } else if (type === 'object' ? !isRecord(v) : typeof v !== type) add(`${at}.${k}`, `must be a ${type}`);
  }
  if (!!s3.accessKeySecret !== !!s3.secretKeySecret) {
    add(at, 'accessKeySecret and secretKeySecret must be given together');
  }
}

function validateWorkflowDefaults(value: unknown, problems: ConfigProblem[]): WorkflowDefaults | undefined {
  const before = problems.length;
  const add = (path: string, reason: string) => problems.push({ path, reason });
  if (!isRecord(value)) {
    add('workflowDefaults', 'must be a mapping (metadata, spec)');
    return undefined;
  }
  for (const k of Object.keys(value)) {
    if (k !== 'metadata' && k !== 'spec')
      add(`workflowDefaults.${k}`, 'unknown field (expected metadata or spec)');
  }
  const metadata = isRecord(value.metadata) ? value.metadata : {};
  const issues = validateResourceSchema({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { ...metadata, name: 'workflow-defaults' },
    spec: value.spec ?? {},
  });
  for (const issue of issues) add(`workflowDefaults.${formatPath(issue.path)}`, issue.message);
  return problems.length === before ? (value as WorkflowDefaults) : undefined;
}
