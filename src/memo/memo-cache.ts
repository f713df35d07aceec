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

/**
 * The entry under `key`, if any. As Argo's ConfigMap cache does on every load, a found entry gets
 * `lastHitTimestamp` = `now` written back (the engine then decides whether it is fresh enough to be
 * a hit); without `now` the cache is only read.
 */
export async function lookupMemo(
  store: CacheStore,
  namespace: string,
  cacheName: string,
  key: string,
  now?: Date,
): Promise<Lookup> {
  for (let attempt = 0; attempt < 50; attempt++) {
    let cm: ConfigMapResource;
    try {
      cm = await store.get<ConfigMapResource>('ConfigMap', namespace, cacheName);
    } catch (err) {
      if (err instanceof NotFoundError) return {};
      throw err;
    }
    const refused = refusal(cm);
    if (refused) return { error: refused };
    const entry = parseEntry(cm.data?.[key]);
    if (!entry || !now) return entry ? { entry } : {};
    const hit: MemoEntry = { ...entry, lastHitTimestamp: timestamp(now) };
    try {
      await store.update<ConfigMapResource>({
        ...cm,
        data: { ...(cm.data ?? {}), [key]: JSON.stringify(hit) },
      });
      return { entry: hit };
    } catch (err) {
      if (err instanceof NotFoundError) return {};
      if (!(err instanceof ConflictError)) throw err;
      await sleep(Math.random() * 5 * (attempt + 1));
    }
  }
  throw new ConflictError(`memoization cache ${namespace}/${cacheName}: too many concurrent updates`);
}

function parseEntry(raw: string | undefined): MemoEntry | undefined {
  if (raw === undefined) return undefined;
  try {
    const entry = JSON.parse(raw) as MemoEntry;
    return typeof entry === 'object' && entry !== null ? entry : undefined;
  } catch {
    // An unreadable entry is treated as absent; the node runs and overwrites it.
    return undefined;
  }
}

/** Kubernetes' metav1.Time: RFC 3339 in whole seconds. */
function timestamp(now: Date): string {
  return now.toISOString().replace(/\.\d+Z$/, 'Z');
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
  const time = timestamp(now);
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
