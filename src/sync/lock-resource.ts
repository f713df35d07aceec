/**
 * One SynchronizationLock resource per lock, in the lock's namespace, holding its LockState.
 * Updates go through the store's optimistic concurrency (resourceVersion), so controllers sharing
 * one database never both take the last slot: the loser's write conflicts, it re-reads and decides again.
 */
import { fnv32a } from '../engine/index.js';
import type { Resource } from '../store/index.js';
import type { LockState } from './lock-state.js';

export const LOCK_KIND = 'SynchronizationLock';
export const LOCK_API_VERSION = 'argosy.io/v1alpha1';

export interface LockResource extends Resource {
  spec: { key: string; kind: 'mutex' | 'semaphore' };
  status?: { holders?: LockState['holders']; waiting?: LockState['waiting'] };
}

/** A valid, stable resource name for a lock key (readable part + hash of the whole key). */
export function lockResourceName(key: string): string {
  const readable = key
    .split('/')
    .slice(1)
    .join('.')
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '')
    .slice(0, 200);
  return `${readable || 'lock'}.${fnv32a(key).toString(16)}`;
}

export function lockNamespace(key: string): string {
  return key.split('/')[0] ?? 'default';
}

export function stateOf(res: LockResource): LockState {
  return {
    key: res.spec.key,
    kind: res.spec.kind,
    holders: res.status?.holders ?? [],
    waiting: res.status?.waiting ?? [],
  };
}

export function newLockResource(key: string, kind: 'mutex' | 'semaphore'): LockResource {
  return {
    apiVersion: LOCK_API_VERSION,
    kind: LOCK_KIND,
    metadata: { name: lockResourceName(key), namespace: lockNamespace(key) },
    spec: { key, kind },
    status: { holders: [], waiting: [] },
  };
}

export function withState(res: LockResource, state: LockState): LockResource {
  return { ...res, status: { holders: state.holders, waiting: state.waiting } };
}
