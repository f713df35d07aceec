/**
 * Kubernetes' finalizer rules, shared by every Store implementation. Deleting an object that has
 * `metadata.finalizers` does not remove it: the store sets `metadata.deletionTimestamp` (a MODIFIED
 * event) and whoever owns a finalizer does its clean-up, then removes its finalizer with an update.
 * The update that leaves an object being deleted without finalizers removes it (a DELETED event
 * carrying that last state). A second delete of an object being deleted changes nothing, and no new
 * finalizer may be added to it.
 */

import { ValidationError } from '../errors/index.js';
import type { ObjectMeta } from '../spec/types.js';

/** What a delete does to the stored object. */
export type DeletionStep = 'remove' | 'mark' | 'pending';

export function hasFinalizers(meta: ObjectMeta): boolean {
  return (meta.finalizers?.length ?? 0) > 0;
}

/**
 * `remove`: no finalizers, the object goes now. `mark`: it has finalizers, set deletionTimestamp.
 * `pending`: it is already being deleted, nothing changes.
 */
export function deletionStep(meta: ObjectMeta): DeletionStep {
  if (!hasFinalizers(meta)) return 'remove';
  return meta.deletionTimestamp ? 'pending' : 'mark';
}

/** Whether an update (with the store's metadata applied) leaves an object being deleted with no finalizer. */
export function completesDeletion(meta: ObjectMeta): boolean {
  return Boolean(meta.deletionTimestamp) && !hasFinalizers(meta);
}

/** An update of an object being deleted may remove finalizers, not add any. */
export function checkFinalizers(stored: ObjectMeta, incoming: ObjectMeta): void {
  if (!stored.deletionTimestamp) return;
  const before = new Set(stored.finalizers ?? []);
  const added = (incoming.finalizers ?? []).filter((f) => !before.has(f));
  if (added.length > 0) {
    throw new ValidationError(
      'metadata.finalizers',
      `no new finalizers can be added to an object being deleted (${added.join(', ')})`,
    );
  }
}

/** Validates `metadata.finalizers` of a create or update: a list of non-empty strings. */
export function validateFinalizers(finalizers: unknown): void {
  if (finalizers === undefined) return;
  if (!Array.isArray(finalizers))
    throw new ValidationError('metadata.finalizers', 'must be a list of strings');
  finalizers.forEach((f, i) => {
    if (typeof f !== 'string' || f === '') {
      throw new ValidationError(`metadata.finalizers[${i}]`, 'must be a non-empty string');
    }
  });
}
