/**
 * What an update writes, for every Store implementation: the new metadata (always: it carries the
 * resourceVersion), the body only when it changed (compared as JSON with the stored one, or not at
 * all when the caller says `specUnchanged`), the status, and whether the labels need rewriting.
 * Also the rules an update obeys: the caller's resourceVersion and uid must be the stored ones;
 * uid, creationTimestamp and deletionTimestamp are the store's; generation goes up when spec changed;
 * an object being deleted takes no new finalizer (finalizers.ts).
 */

import type { ObjectMeta } from '../spec/types.js';
import { checkFinalizers } from './finalizers.js';
import { conflict } from './kinds.js';
import type { StoredObject } from './resource-meta.js';
import { bodyOf, specOfBody, statusJson } from './stored-parts.js';

export interface StoredHead {
  /** The stored metadata as JSON. */
  metadata: string;
  /** Reads the stored body; called only when the update may have changed it. */
  body: () => string;
}

export interface UpdatePlan {
  /** The caller's object with the store's metadata fields (its nodes apart). */
  object: StoredObject;
  metadata: string;
  /** The new body, or undefined to keep the stored one. */
  body: string | undefined;
  status: string | null;
  labelsChanged: boolean;
}

export function planUpdate(
  stored: StoredHead,
  incoming: StoredObject,
  expected: string,
  resourceVersion: number,
  specUnchanged: boolean,
): UpdatePlan {
  const storedMeta = JSON.parse(stored.metadata) as ObjectMeta;
  const name = storedMeta.name ?? '';
  if (storedMeta.resourceVersion !== expected) throw conflict(incoming.kind, name);
  if (incoming.metadata.uid && incoming.metadata.uid !== storedMeta.uid) throw conflict(incoming.kind, name);
  checkFinalizers(storedMeta, incoming.metadata);

  let body: string | undefined;
  let specChanged = false;
  if (!specUnchanged) {
    const incomingBody = JSON.stringify(bodyOf(incoming));
    const storedBody = stored.body();
    if (incomingBody !== storedBody) {
      body = incomingBody;
      // Both sides come through JSON with the writer's key order, so plain stringify compares them
      // (a client that reorders keys bumps generation once: harmless).
      specChanged = JSON.stringify(specOfBody(storedBody)) !== JSON.stringify(incoming.spec);
    }
  }

  const meta = incoming.metadata;
  meta.uid = storedMeta.uid;
  meta.creationTimestamp = storedMeta.creationTimestamp;
  if (storedMeta.deletionTimestamp) meta.deletionTimestamp = storedMeta.deletionTimestamp;
  else delete meta.deletionTimestamp;
  const generation = storedMeta.generation ?? 1;
  meta.generation = specChanged ? generation + 1 : generation;
  meta.resourceVersion = String(resourceVersion);
  return {
    object: incoming,
    metadata: JSON.stringify(meta),
    body,
    status: statusJson(incoming),
    labelsChanged: JSON.stringify(storedMeta.labels ?? {}) !== JSON.stringify(meta.labels ?? {}),
  };
}
