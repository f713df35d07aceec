/**
 * How every store keeps an object: three JSON texts, so a status write touches only what changed
 * (decision 5). `metadata` is small and rewritten on every write (it carries the resourceVersion);
 * `body` is everything else but `status` (apiVersion, kind, `spec`, a ConfigMap's `data`...) and
 * can be large: it is written only when it changed; `status` is the status without a Workflow's
 * nodes (those are rows of their own), null when the object has none.
 */

import { isPlainObject } from './json.js';
import type { StoredObject } from './resource-meta.js';

export interface StoredParts {
  metadata: string;
  body: string;
  status: string | null;
}

/** The body of an object: every top-level field but metadata and status, in the object's order. */
export function bodyOf(obj: StoredObject): Record<string, unknown> {
  const { metadata: _metadata, status: _status, ...body } = obj;
  return body;
}

export function statusJson(obj: StoredObject): string | null {
  return obj.status === undefined ? null : JSON.stringify(obj.status);
}

export function splitParts(obj: StoredObject): StoredParts {
  return {
    metadata: JSON.stringify(obj.metadata),
    body: JSON.stringify(bodyOf(obj)),
    status: statusJson(obj),
  };
}

/** Puts the parts back together: apiVersion, kind, metadata, the rest of the body, status. */
export function joinParts(parts: StoredParts): StoredObject {
  const body = JSON.parse(parts.body) as Record<string, unknown>;
  const obj: Record<string, unknown> = { apiVersion: body.apiVersion, kind: body.kind };
  obj.metadata = JSON.parse(parts.metadata);
  for (const [k, v] of Object.entries(body)) obj[k] = v;
  if (parts.status !== null) obj.status = JSON.parse(parts.status);
  return obj as StoredObject;
}

/** The spec inside a stored body (undefined when it has none), to tell whether a body change bumps generation. */
export function specOfBody(body: string): unknown {
  const parsed = JSON.parse(body) as unknown;
  return isPlainObject(parsed) ? parsed.spec : undefined;
}
