/**
 * A lock's limit: 1 for a mutex; for a semaphore, the integer in its ConfigMap key (read on every
 * acquire, so a changed limit applies at once). A missing ConfigMap or key is an error the workflow
 * or node shows, as in Argo.
 */
import type { LockRef } from '../engine/gate-types.js';
import { NotFoundError } from '../errors/index.js';
import type { ConfigMap } from '../spec/types.js';
import type { ResourceReader } from '../store/index.js';

/** Where `database` semaphores' limits live (Argo keeps them in a sync_limit table). */
export const DATABASE_LIMITS_CONFIGMAP = 'argosy-semaphore-limits';

export type Limit = { limit: number } | { error: string };

export async function lockLimit(store: ResourceReader, ref: LockRef): Promise<Limit> {
  if (ref.kind === 'mutex') return { limit: 1 };
  const namespace = ref.key.split('/')[0] ?? 'default';
  const source = ref.configMap ?? {
    namespace,
    name: DATABASE_LIMITS_CONFIGMAP,
    key: ref.databaseKey ?? '',
  };
  let cm: ConfigMap;
  try {
    cm = await store.get<ConfigMap & { kind: string; apiVersion: string; metadata: object }>(
      'ConfigMap',
      source.namespace,
      source.name,
    );
  } catch (err) {
    if (err instanceof NotFoundError) {
      return { error: `failed to acquire lock ${ref.key}: configmaps "${source.name}" not found` };
    }
    throw err;
  }
  const value = cm.data?.[source.key];
  if (value === undefined) {
    return {
      error: `failed to acquire lock ${ref.key}: key "${source.key}" not found in ConfigMap ${source.namespace}/${source.name}`,
    };
  }
  const limit = Number.parseInt(value.trim(), 10);
  if (!/^\s*\d+\s*$/.test(value) || Number.isNaN(limit)) {
    return {
      error: `failed to acquire lock ${ref.key}: ConfigMap ${source.namespace}/${source.name} key "${source.key}" is "${value}", not an integer`,
    };
  }
  return { limit };
}
