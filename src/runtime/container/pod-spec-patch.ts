/**
 * A template's podSpecPatch (JSON or YAML) applied to a pod plan, for the fields that map onto
 * containers: per-container (by name) resources, securityContext, env and imagePullPolicy; the
 * pod's securityContext and activeDeadlineSeconds. Other fields have no local meaning and are ignored.
 */
import { parse } from 'yaml';
import { ValidationError } from '../../errors/index.js';
import type { ContainerPlan, PodPlan } from '../pod-plan.js';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Kubernetes' merge of a map patch: nested maps merge, everything else replaces. */
function merge(base: unknown, patch: unknown): unknown {
  if (!isRecord(base) || !isRecord(patch)) return patch;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) out[k] = v === null ? undefined : merge(base[k], v);
  return out;
}

function patchContainer(c: ContainerPlan, patch: Record<string, unknown>): ContainerPlan {
  const out: ContainerPlan = { ...c, extra: { ...(c.extra ?? {}) } };
  for (const key of ['resources', 'securityContext', 'imagePullPolicy'] as const) {
    if (patch[key] !== undefined) out.extra![key] = merge(out.extra![key], patch[key]);
  }
  if (typeof patch.image === 'string') out.image = patch.image;
  if (Array.isArray(patch.env)) {
    const env = new Map(c.env.map((e) => [e.name, e.value]));
    for (const e of patch.env.filter(isRecord)) env.set(String(e.name), String(e.value ?? ''));
    out.env = [...env].map(([name, value]) => ({ name, value }));
  }
  return out;
}

export function applyPodSpecPatch(plan: PodPlan): PodPlan {
  if (!plan.podSpecPatch) return plan;
  let patch: unknown;
  try {
    patch = parse(plan.podSpecPatch);
  } catch (err) {
    throw new ValidationError('podSpecPatch', `is neither JSON nor YAML: ${(err as Error).message}`);
  }
  if (!isRecord(patch)) throw new ValidationError('podSpecPatch', 'must be a map of pod spec fields');
  const byName = new Map<string, Record<string, unknown>>();
  for (const list of [patch.containers, patch.initContainers]) {
    if (Array.isArray(list)) for (const c of list.filter(isRecord)) byName.set(String(c.name ?? ''), c);
  }
  const apply = (list: ContainerPlan[]) =>
    list.map((c) => (byName.has(c.name) ? patchContainer(c, byName.get(c.name)!) : c));
  const out: PodPlan = {
    ...plan,
    containers: apply(plan.containers),
    initContainers: apply(plan.initContainers),
    sidecars: apply(plan.sidecars),
  };
  if (isRecord(patch.securityContext)) {
    out.securityContext = merge(plan.securityContext ?? {}, patch.securityContext) as Record<string, unknown>;
  }
  if (typeof patch.activeDeadlineSeconds === 'number')
    out.activeDeadlineSeconds = patch.activeDeadlineSeconds;
  return out;
}
