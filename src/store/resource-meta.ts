/**
 * The store's rules for metadata, shared by every Store implementation: what a create or update
 * must carry, the fields the store assigns (name from generateName, uid, resourceVersion,
 * generation, creationTimestamp) and the fields an update may not change.
 */

import { randomInt, randomUUID } from 'node:crypto';
import { ValidationError } from '../errors/index.js';
import { validateFinalizers } from './finalizers.js';
import { isPlainObject, jsonCopy } from './json.js';
import { isClusterScoped, scopeNamespace } from './kinds.js';
import { labelKeyError, labelValueError } from './selectors/index.js';
import type { Resource } from './store.js';
import { type NodeMap, splitNodes } from './workflow-nodes.js';

/** Where an object lives: one object per key. `namespace` is '' for cluster-scoped kinds. */
export interface ResourceKey {
  kind: string;
  namespace: string;
  name: string;
}

/** A resource as the store handles it inside: a mutable JSON object. */
export type StoredObject = Resource & Record<string, unknown>;

const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const SUFFIX_LENGTH = 5;
const MAX_GENERATE_NAME_PREFIX = 63 - SUFFIX_LENGTH;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** RFC 3339 in UTC without fractional seconds, as Kubernetes writes timestamps. */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d+Z$/, 'Z');
}

/** `generateName` plus 5 random characters of Kubernetes' alphabet (prefix cut to 58 characters). */
export function generatedName(prefix: string): string {
  let suffix = '';
  for (let i = 0; i < SUFFIX_LENGTH; i++) suffix += NAME_ALPHABET[randomInt(NAME_ALPHABET.length)];
  return prefix.slice(0, MAX_GENERATE_NAME_PREFIX) + suffix;
}

function validateName(name: string, path: string): void {
  if (name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
    throw new ValidationError(
      path,
      `"${name}" is not a valid name: lowercase alphanumeric characters, '-' or '.', starting and ending alphanumeric, at most 253`,
    );
  }
}

function validateLabels(labels: unknown): void {
  if (labels === undefined) return;
  if (!isPlainObject(labels)) throw new ValidationError('metadata.labels', 'must be a map of strings');
  for (const [key, value] of Object.entries(labels)) {
    const err =
      labelKeyError(key) ?? (typeof value === 'string' ? labelValueError(value) : 'must be a string');
    if (err) throw new ValidationError(`metadata.labels.${key}`, err);
  }
}

function validateShape(obj: Resource): void {
  if (!isPlainObject(obj)) throw new ValidationError('', 'a resource must be an object');
  if (typeof obj.apiVersion !== 'string' || obj.apiVersion === '') {
    throw new ValidationError('apiVersion', 'is required');
  }
  if (typeof obj.kind !== 'string' || obj.kind === '') throw new ValidationError('kind', 'is required');
  if (!isPlainObject(obj.metadata)) throw new ValidationError('metadata', 'is required');
  const ns = obj.metadata.namespace;
  if (!isClusterScoped(obj.kind) && (typeof ns !== 'string' || ns === '')) {
    throw new ValidationError('metadata.namespace', `is required for ${obj.kind}`);
  }
  if (typeof ns === 'string' && ns !== '' && !isClusterScoped(obj.kind))
    validateName(ns, 'metadata.namespace');
  validateLabels(obj.metadata.labels);
  validateFinalizers(obj.metadata.finalizers);
}

/**
 * Checks a new object and returns a copy ready to store (without a Workflow's nodes), all but its
 * name: call `stampCreated` once a free name is chosen (`candidateName` gives each guess).
 */
export function prepareCreate(obj: Resource): { object: StoredObject; nodes: NodeMap | undefined } {
  validateShape(obj);
  const { name, generateName } = obj.metadata;
  if (!name) {
    if (!generateName) throw new ValidationError('metadata.name', 'name or generateName is required');
    validateName(generatedName(generateName), 'metadata.generateName');
  } else {
    validateName(name, 'metadata.name');
  }
  const { rest, nodes } = splitNodes(obj);
  const copy = jsonCopy(rest) as StoredObject;
  const meta = copy.metadata;
  delete meta.uid;
  delete meta.resourceVersion;
  delete meta.deletionTimestamp;
  delete meta.creationTimestamp;
  if (isClusterScoped(copy.kind)) delete meta.namespace;
  return { object: copy, nodes };
}

/** The name to try: the given one, or a fresh one from generateName. */
export function candidateName(obj: StoredObject): string {
  return obj.metadata.name || generatedName(obj.metadata.generateName ?? '');
}

/** Whether a create may retry with another generated name after a collision. */
export function hasGeneratedName(obj: Resource): boolean {
  return !obj.metadata.name && Boolean(obj.metadata.generateName);
}

export function stampCreated(
  obj: StoredObject,
  fields: { name: string; resourceVersion: number; now: Date },
): StoredObject {
  const meta = obj.metadata;
  meta.name = fields.name;
  meta.uid = randomUUID();
  meta.resourceVersion = String(fields.resourceVersion);
  meta.generation = 1;
  meta.creationTimestamp = rfc3339(fields.now);
  return obj;
}

/**
 * Checks an update and returns a copy of it (without a Workflow's nodes, which stay the caller's
 * map: copying them would cost O(all nodes)), its key and the resourceVersion it expects.
 */
export function prepareUpdate(
  obj: Resource,
  /**
   * `shallow` copies only what the store changes (metadata): for a store that serialises the object
   * at once (SQLite), so an update costs no deep copy of a large spec. A store that keeps the object
   * (memory) needs `deep`.
   */
  copy: 'deep' | 'shallow' = 'deep',
): {
  object: StoredObject;
  nodes: NodeMap | undefined;
  key: ResourceKey;
  expected: string;
} {
  validateShape(obj);
  const { name, resourceVersion } = obj.metadata;
  if (!name) throw new ValidationError('metadata.name', 'is required for an update');
  if (!resourceVersion) throw new ValidationError('metadata.resourceVersion', 'is required for an update');
  const { rest, nodes } = splitNodes(obj);
  const object = (
    copy === 'deep' ? jsonCopy(rest) : { ...rest, metadata: jsonCopy(rest.metadata) }
  ) as StoredObject;
  if (isClusterScoped(object.kind)) delete object.metadata.namespace;
  return { object, nodes, key: keyOf(object), expected: resourceVersion };
}

export function keyOf(obj: Resource): ResourceKey {
  return {
    kind: obj.kind,
    namespace: scopeNamespace(obj.kind, obj.metadata.namespace),
    name: obj.metadata.name ?? '',
  };
}

export function keyString(key: ResourceKey): string {
  return `${key.kind}/${key.namespace}/${key.name}`;
}

/** The status.phase the store indexes for field selectors ('' when absent). */
export function phaseOf(obj: StoredObject): string {
  const status = obj.status;
  return isPlainObject(status) && typeof status.phase === 'string' ? status.phase : '';
}
