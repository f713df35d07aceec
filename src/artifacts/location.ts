/**
 * Where an artifact lives: Argo's ArtifactLocation (one of s3, http, git, raw, ... set), plus `local`,
 * Argosy's embedded repository under ARGOSY_HOME. Secrets are referenced ({name, key}), never inlined.
 */

export interface SecretRef {
  name: string;
  key: string;
}

export interface S3Location {
  bucket?: string;
  key?: string;
  endpoint?: string;
  region?: string;
  insecure?: boolean;
  accessKeySecret?: SecretRef;
  secretKeySecret?: SecretRef;
  sessionTokenSecret?: SecretRef;
  useSDKCreds?: boolean;
  /** Argosy: false switches to virtual-hosted-style addressing (default: path-style, works everywhere). */
  forcePathStyle?: boolean;
}

export interface HttpHeader {
  name: string;
  value: string;
}

export interface HttpLocation {
  url: string;
  headers?: HttpHeader[];
  auth?: {
    basicAuth?: { usernameSecret?: SecretRef; passwordSecret?: SecretRef };
    oauth2?: { clientIDSecret?: SecretRef; clientSecretSecret?: SecretRef; tokenURLSecret?: SecretRef };
    clientCert?: { clientCertSecret?: SecretRef; clientKeySecret?: SecretRef };
  };
}

export interface GitLocation {
  repo: string;
  revision?: string;
  depth?: number;
  fetch?: string[];
  usernameSecret?: SecretRef;
  passwordSecret?: SecretRef;
  sshPrivateKeySecret?: SecretRef;
  insecureIgnoreHostKey?: boolean;
  disableSubmodules?: boolean;
  singleBranch?: boolean;
  branch?: string;
}

export interface RawLocation {
  data: string;
}

export interface LocalLocation {
  key?: string;
  /** Root directory of the repository; default `$ARGOSY_HOME/artifacts`. */
  path?: string;
}

/** Kinds a location can be of, in the order they are looked for. */
export const LOCATION_KINDS = [
  's3',
  'http',
  'git',
  'raw',
  'local',
  'gcs',
  'azure',
  'oss',
  'artifactory',
  'hdfs',
] as const;
export type LocationKind = (typeof LOCATION_KINDS)[number];

/** Kinds Argosy has a driver for. */
export const SUPPORTED_KINDS: readonly LocationKind[] = ['s3', 'http', 'git', 'raw', 'local'];

export interface ArtifactLocation {
  s3?: S3Location;
  http?: HttpLocation;
  git?: GitLocation;
  raw?: RawLocation;
  local?: LocalLocation;
  gcs?: Record<string, unknown>;
  azure?: Record<string, unknown>;
  oss?: Record<string, unknown>;
  artifactory?: Record<string, unknown>;
  hdfs?: Record<string, unknown>;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The location kind set on an artifact or repository, or undefined when none is. */
export function kindOf(value: unknown): LocationKind | undefined {
  if (!isRecord(value)) return undefined;
  return LOCATION_KINDS.find((k) => isRecord(value[k]));
}

/** Just the location fields of an artifact spec (name, path, archive... left out). */
export function locationOf(value: unknown): ArtifactLocation | undefined {
  const kind = kindOf(value);
  if (!kind || !isRecord(value)) return undefined;
  return { [kind]: value[kind] } as ArtifactLocation;
}

/** Keyed kinds hold objects under a key; http, git and raw are complete by themselves. */
const KEYED: ReadonlySet<LocationKind> = new Set(['s3', 'local', 'gcs', 'azure', 'oss', 'hdfs']);

export function keyOf(location: ArtifactLocation): string | undefined {
  const kind = kindOf(location);
  if (!kind || !KEYED.has(kind)) return undefined;
  const inner = location[kind] as Record<string, unknown>;
  const key = kind === 'azure' ? inner.blob : kind === 'hdfs' ? inner.path : inner.key;
  return typeof key === 'string' ? key : undefined;
}

export function withKey(location: ArtifactLocation, key: string): ArtifactLocation {
  const kind = kindOf(location);
  if (!kind || !KEYED.has(kind)) return location;
  const field = kind === 'azure' ? 'blob' : kind === 'hdfs' ? 'path' : 'key';
  return { [kind]: { ...(location[kind] as Record<string, unknown>), [field]: key } } as ArtifactLocation;
}

/**
 * Whether the location says where the artifact is by itself. An s3 location holding only a key is a
 * "key-only" artifact: its repository is the workflow's (Argo's Artifact.HasLocation).
 */
export function isComplete(location: ArtifactLocation): boolean {
  const kind = kindOf(location);
  if (!kind) return false;
  if (kind === 'local') return false; // the local repository's root comes from the executor
  if (!KEYED.has(kind)) return true;
  const inner = location[kind] as Record<string, unknown>;
  if (kind === 's3') return typeof inner.bucket === 'string' && inner.bucket !== '' && !!inner.key;
  const others = Object.keys(inner).filter((k) => k !== 'key' && k !== 'blob' && k !== 'path');
  return others.length > 0;
}

/**
 * A key-only location moved onto the repository: the repository's settings with the artifact's key
 * (Argo's Artifact.Relocate). Complete locations are returned unchanged.
 */
export function relocate(location: ArtifactLocation, repository: ArtifactLocation): ArtifactLocation {
  if (isComplete(location)) return location;
  const key = keyOf(location);
  if (key === undefined) return location;
  const kind = kindOf(repository);
  if (!kind) return location;
  const { keyFormat: _k, keyPrefix: _p, ...settings } = repository[kind] as Record<string, unknown>;
  return withKey({ [kind]: settings } as ArtifactLocation, key);
}

/** The key-only form of a location in the repository: what node status records for it. */
export function keyOnly(location: ArtifactLocation): ArtifactLocation {
  const kind = kindOf(location);
  const key = keyOf(location);
  if (!kind || key === undefined) return location;
  const field = kind === 'azure' ? 'blob' : kind === 'hdfs' ? 'path' : 'key';
  return { [kind]: { [field]: key } } as ArtifactLocation;
}

/** Human-readable, secret-free description of a location, for messages. */
export function describe(location: ArtifactLocation): string {
  const kind = kindOf(location);
  if (!kind) return '(no location)';
  if (kind === 'raw') return 'raw data';
  if (kind === 'http') return redactUrl(location.http?.url ?? '');
  if (kind === 'git') return `git ${redactUrl(location.git?.repo ?? '')}`;
  if (kind === 's3') return `s3://${location.s3?.bucket ?? ''}/${location.s3?.key ?? ''}`;
  return `${kind}:${keyOf(location) ?? ''}`;
}

/** Drops credentials embedded in a URL (`https://user:pass@host/` -> `https://***@host/`). */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1***@');
}
