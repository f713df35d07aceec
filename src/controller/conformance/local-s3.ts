/**
 * Points Argo's examples that name their own S3 server (an `s3` location with a bucket or endpoint)
 * at an S3 server on loopback: every such location keeps its bucket, key and region and gets the
 * local endpoint with `insecure: true`, plus the local credentials' Secret when it names none.
 * Key-only locations are left alone: they go to the default repository, which the test makes the
 * same server (localS3Repository).
 */

import type { SecretRef } from '../../artifacts/location.js';
import type { ArtifactRepository } from '../../config/index.js';

export interface LocalS3 {
  /** `127.0.0.1:PORT`. */
  endpoint: string;
  /** The Secret holding the local server's credentials under `accessKey` and `secretKey`. */
  secret: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** An s3 location that says which server or bucket it is on (not key-only). */
function namesServer(s3: unknown): s3 is Record<string, unknown> {
  return isRecord(s3) && (s3.bucket !== undefined || s3.endpoint !== undefined);
}

/** True when some `s3` location under value (any depth) names its own bucket or endpoint. */
export function namesS3Server(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(namesS3Server);
  if (!isRecord(value)) return false;
  return Object.entries(value).some(([k, v]) => (k === 's3' && namesServer(v)) || namesS3Server(v));
}

/** A copy of value with every s3 location that names a server moved onto the local one. */
export function pointS3At<T>(value: T, local: LocalS3): T {
  return rewrite(value, local) as T;
}

function rewrite(value: unknown, local: LocalS3): unknown {
  if (Array.isArray(value)) return value.map((v) => rewrite(v, local));
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      k === 's3' && namesServer(v) ? onLocal(v, local) : rewrite(v, local),
    ]),
  );
}

function credentials(local: LocalS3): { accessKeySecret: SecretRef; secretKeySecret: SecretRef } {
  return {
    accessKeySecret: { name: local.secret, key: 'accessKey' },
    secretKeySecret: { name: local.secret, key: 'secretKey' },
  };
}

function onLocal(s3: Record<string, unknown>, local: LocalS3): Record<string, unknown> {
  const own = s3.accessKeySecret !== undefined || s3.secretKeySecret !== undefined;
  return { ...(own ? {} : credentials(local)), ...s3, endpoint: local.endpoint, insecure: true };
}

/** The default repository on the local server: key-only artifacts go to `bucket`. */
export function localS3Repository(local: LocalS3, bucket: string): ArtifactRepository {
  return { s3: { bucket, endpoint: local.endpoint, insecure: true, ...credentials(local) } };
}

/** Every bucket an s3 location under value names, sorted, once each. */
export function bucketsOf(value: unknown): string[] {
  const found = new Set<string>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    if (!isRecord(v)) return;
    for (const [k, inner] of Object.entries(v)) {
      if (k === 's3' && isRecord(inner) && typeof inner.bucket === 'string') found.add(inner.bucket);
      visit(inner);
    }
  };
  visit(value);
  return [...found].sort();
}

/**
 * The Secrets (name -> key -> value) the s3 locations under value name, each holding the local
 * server's access key under the keys `accessKeySecret` names and its secret key under `secretKeySecret`'s.
 */
export function s3SecretsOf(
  value: unknown,
  accessKey: string,
  secretKey: string,
): Record<string, Record<string, string>> {
  const secrets: Record<string, Record<string, string>> = {};
  const put = (ref: unknown, secret: string): void => {
    if (!isRecord(ref) || typeof ref.name !== 'string' || typeof ref.key !== 'string') return;
    secrets[ref.name] = { ...secrets[ref.name], [ref.key]: secret };
  };
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    if (!isRecord(v)) return;
    for (const [k, inner] of Object.entries(v)) {
      if (k === 's3' && isRecord(inner)) {
        put(inner.accessKeySecret, accessKey);
        put(inner.secretKeySecret, secretKey);
      }
      visit(inner);
    }
  };
  visit(value);
  return secrets;
}
