/**
 * The memoization cache, stored as Argo stores it: a ConfigMap (labelled
 * `workflows.argoproj.io/configmap-type: Cache`) whose data maps each key to a JSON entry
 * `{nodeID, outputs, creationTimestamp, lastHitTimestamp}`. Writes use the ConfigMap's
 * resourceVersion, so concurrent saves from several controllers do not lose each other's keys.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { MemoEntry } from '../engine/gate-types.js';
import { AlreadyExistsError, ConflictError, NotFoundError } from '../errors/index.js';
import type { Outputs } from '../spec/types.js';
import type { Resource, ResourceReader, ResourceWriter } from '../store/index.js';

export const CACHE_LABEL = 'workflows.argoproj.io/configmap-type';

interface ConfigMapResource extends Resource {
  data?: Record<string, string>;
}

type CacheStore = ResourceReader & ResourceWriter;

export type Lookup = { entry?: MemoEntry } | { error: string };

export async function lookupMemo(
  store: CacheStore,
  namespace: string,
  cacheName: string,
  key: string,
): Promise<Lookup> {
  let cm: ConfigMapResource;
  try {
    cm = await store.get<ConfigMapResource>('ConfigMap', namespace, cacheName);
  } catch (err) {
    if (err instanceof NotFoundError) return {};
    throw err;
  }
  const refused = refusal(cm);
  if (refused) return { error: refused };
  const raw = cm.data?.[key];
  if (raw === undefined) return {};
  try {
    const entry = JSON.parse(raw) as MemoEntry;
    return typeof entry === 'object' && entry !== null ? { entry } : {};
  } catch {
    // Argo treats an unreadable entry as absent; the node runs and overwrites it.
    return {};
  }
}

/** Argo refuses to use (read or write) a ConfigMap that is not labelled as a cache. */
function refusal(cm: ConfigMapResource): string | undefined {
  const label = cm.metadata.labels?.[CACHE_LABEL];
  if (label === undefined)
    return `memoization configmap doesn't have ${CACHE_LABEL} label, refusing to use it`;
  if (label !== 'Cache')
    return `memoization configmap doesn't have label ${CACHE_LABEL} = Cache, refusing to use it`;
  return undefined;
}

export async function saveMemo(
  store: CacheStore,
  at: { namespace: string; cacheName: string; key: string },
  nodeId: string,
  outputs: Outputs,
  now: Date,
): Promise<void> {
  const time = now.toISOString().replace(/\.\d+Z$/, 'Z');
  const entry: MemoEntry = { nodeID: nodeId, outputs, creationTimestamp: time, lastHitTimestamp: time };
  const value = JSON.stringify(entry);
  for (let attempt = 0; attempt < 50; attempt++) {
    let cm: ConfigMapResource | undefined;
    try {
      cm = await store.get<ConfigMapResource>('ConfigMap', at.namespace, at.cacheName);
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
    try {
      if (!cm) {
        await store.create<ConfigMapResource>({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: at.cacheName, namespace: at.namespace, labels: { [CACHE_LABEL]: 'Cache' } },
          data: { [at.key]: value },
        });
      } else {
        const refused = refusal(cm);
        if (refused) throw new Error(refused);
        await store.update<ConfigMapResource>({ ...cm, data: { ...(cm.data ?? {}), [at.key]: value } });
      }
      return;
    } catch (err) {
      if (!(err instanceof ConflictError || err instanceof AlreadyExistsError)) throw err;
      await sleep(Math.random() * 5 * (attempt + 1));
    }
  }
  throw new ConflictError(`memoization cache ${at.namespace}/${at.cacheName}: too many concurrent updates`);
}
