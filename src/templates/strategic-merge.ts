/**
 * The merge Argo applies when it joins a Workflow with its WorkflowTemplate and the controller's
 * workflowDefaults (util.MergeTo: a Kubernetes strategic merge patch over the Workflow type). The
 * overlay wins field by field; objects merge recursively; lists the Workflow type marks
 * `patchMergeKey: name` (templates, parameters, artifacts, volumes, env...) merge item by item on
 * `name`, the overlay's item merged over the base's; every other list is replaced whole.
 */

type Json = Record<string, unknown>;

/** Field names whose lists merge by `name` (patchStrategy merge, patchMergeKey name in Argo's types). */
const KEYED_LISTS = new Set([
  'templates',
  'parameters',
  'artifacts',
  'volumes',
  'volumeClaimTemplates',
  'env',
  'imagePullSecrets',
  'hostAliases',
]);

const isRecord = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

function keyedListMerge(base: unknown[], overlay: unknown[]): unknown[] {
  const named = (v: unknown) => (isRecord(v) && typeof v.name === 'string' ? v.name : undefined);
  if (![...base, ...overlay].every((v) => named(v) !== undefined)) return structuredClone(overlay);
  const out = new Map<string, unknown>();
  for (const item of base) out.set(named(item) as string, structuredClone(item));
  for (const item of overlay) {
    const name = named(item) as string;
    const prior = out.get(name);
    out.set(name, prior === undefined ? structuredClone(item) : mergeOver(prior, item));
  }
  return [...out.values()];
}

/**
 * `overlay` merged over `base` (neither is modified). An overlay value of undefined leaves the base's;
 * null clears it, as a strategic merge patch does.
 */
export function mergeOver<T>(base: T, overlay: unknown): T {
  if (overlay === undefined) return structuredClone(base);
  if (!isRecord(base) || !isRecord(overlay)) return structuredClone(overlay) as T;
  const out: Json = structuredClone(base);
  for (const [key, value] of Object.entries(overlay)) {
    if (value === undefined) continue;
    if (value === null) {
      delete out[key];
      continue;
    }
    const prior = out[key];
    if (KEYED_LISTS.has(key) && Array.isArray(prior) && Array.isArray(value)) {
      out[key] = keyedListMerge(prior, value);
    } else if (isRecord(prior) && isRecord(value)) {
      out[key] = mergeOver(prior, value);
    } else {
      out[key] = structuredClone(value);
    }
  }
  return out as T;
}
