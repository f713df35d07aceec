/**
 * Defaulting, as the Kubernetes API server does it on create, for every kind Argosy reads.
 *
 * Applied here:
 * - `metadata.namespace`: kept when written, else the namespace argument (the CLI's `-n`), else
 *   `default`. ClusterWorkflowTemplate is cluster-scoped and gets none.
 * - `metadata.labels` / `metadata.annotations`: `{}` when absent, so later layers can add to them.
 *
 * Applied elsewhere, in the layer that owns them:
 * - `generateName` -> `name`: the store, at create time, with `generateNameSuffix`; so are `uid`,
 *   `resourceVersion`, `generation` and `creationTimestamp`.
 * - the controller's `workflowDefaults` merged into a Workflow's spec (controller config);
 *   `templateDefaults` into each template, a container named `main`, `retryStrategy.retryPolicy`
 *   `OnFailure` and CronWorkflow's `concurrencyPolicy` `Allow` when empty (engine/controller read them so).
 * Argo sets no other field defaults on admission: the spec is stored as written.
 */

export const DEFAULT_NAMESPACE = 'default';

/** Kubernetes' random suffix alphabet (no vowels, no 0/1/3: nothing offensive, nothing ambiguous). */
export const GENERATE_NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
export const GENERATE_NAME_SUFFIX_LENGTH = 5;

/** The 5-character suffix Kubernetes appends to `generateName` (utilrand.String(5)). */
export function generateNameSuffix(random: () => number = Math.random): string {
  let out = '';
  for (let i = 0; i < GENERATE_NAME_SUFFIX_LENGTH; i++) {
    const r = random();
    const index = Math.min(
      GENERATE_NAME_ALPHABET.length - 1,
      Math.max(0, Math.floor(r * GENERATE_NAME_ALPHABET.length)),
    );
    out += GENERATE_NAME_ALPHABET[Number.isFinite(index) ? index : 0];
  }
  return out;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** A defaulted copy of the resource; the input is not changed. */
export function applyDefaults<T extends object>(resource: T, namespace?: string): T {
  const out = structuredClone(resource) as T & Record<string, unknown>;
  const meta: Record<string, unknown> = isRecord(out.metadata) ? out.metadata : {};
  if (
    out.kind !== 'ClusterWorkflowTemplate' &&
    (typeof meta.namespace !== 'string' || meta.namespace === '')
  ) {
    meta.namespace = namespace || DEFAULT_NAMESPACE;
  }
  if (!isRecord(meta.labels)) meta.labels = {};
  if (!isRecord(meta.annotations)) meta.annotations = {};
  (out as Record<string, unknown>).metadata = meta;
  return out;
}
