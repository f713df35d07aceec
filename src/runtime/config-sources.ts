/**
 * ConfigMap and Secret sources of a pod plan, read from the store just before the pod starts:
 * `env[].valueFrom.configMapKeyRef/secretKeyRef`, `envFrom` and `configMap`/`secret` volumes.
 * Env values land in the containers' env; volume contents in `plan.configVolumes`, which the
 * runtimes mount. A missing resource or key fails the pod with Kubernetes' message unless the
 * reference is optional. Messages name resources and keys only, never values.
 */
import type { ContainerPlan, EnvVar, PodPlan } from './pod-plan.js';

export type ConfigKind = 'ConfigMap' | 'Secret';

/** One key of a ConfigMap or Secret, decoded to bytes. */
export type ConfigData = Map<string, Buffer>;

/** Reads a ConfigMap's or Secret's keys (Secret `data` base64-decoded), or undefined when it does not exist. */
export type ConfigReader = (
  kind: ConfigKind,
  namespace: string,
  name: string,
) => Promise<ConfigData | undefined>;

/** A reference that cannot be satisfied; the pod fails with this message. */
export class ConfigSourceError extends Error {}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

const LOWER: Record<ConfigKind, string> = { ConfigMap: 'configmap', Secret: 'secret' };

/** The keys of a stored ConfigMap or Secret resource, as bytes. */
export function configData(kind: ConfigKind, resource: Record<string, unknown>): ConfigData {
  const out: ConfigData = new Map();
  const put = (source: unknown, encoding: 'utf8' | 'base64') => {
    if (!isRecord(source)) return;
    for (const [k, v] of Object.entries(source))
      if (typeof v === 'string') out.set(k, Buffer.from(v, encoding));
  };
  if (kind === 'ConfigMap') {
    put(resource.binaryData, 'base64');
    put(resource.data, 'utf8');
  } else {
    put(resource.data, 'base64');
    put(resource.stringData, 'utf8');
  }
  return out;
}

/** Whether the plan refers to any ConfigMap or Secret (so the store need not be read otherwise). */
export function needsConfigSources(plan: PodPlan): boolean {
  const containers = [...plan.containers, ...plan.initContainers, ...plan.sidecars];
  return (
    containers.some((c) => c.extra?.envValueFrom !== undefined || c.extra?.envFrom !== undefined) ||
    plan.volumes.some((v) => isRecord(v.configMap) || isRecord(v.secret))
  );
}

/** The plan with its ConfigMap and Secret references resolved; rejects with ConfigSourceError. */
export async function resolveConfigSources(plan: PodPlan, read: ConfigReader): Promise<PodPlan> {
  if (!needsConfigSources(plan)) return plan;
  const namespace = plan.workflow.namespace;
  const cache = new Map<string, Promise<ConfigData | undefined>>();
  const get = (kind: ConfigKind, name: string) => {
    const key = `${kind}/${name}`;
    let found = cache.get(key);
    if (!found) {
      found = read(kind, namespace, name);
      cache.set(key, found);
    }
    return found;
  };
  const resolveContainer = async (c: ContainerPlan): Promise<ContainerPlan> => {
    if (c.extra?.envValueFrom === undefined && c.extra?.envFrom === undefined) return c;
    const { envValueFrom, envFrom, ...extra } = c.extra;
    const env = await containerEnv(c, envValueFrom, envFrom, namespace, get);
    const out: ContainerPlan = { ...c, env };
    if (Object.keys(extra).length > 0) out.extra = extra;
    else delete out.extra;
    return out;
  };
  const [containers, initContainers, sidecars] = await Promise.all(
    [plan.containers, plan.initContainers, plan.sidecars].map((list) =>
      Promise.all(list.map(resolveContainer)),
    ),
  );
  const configVolumes: NonNullable<PodPlan['configVolumes']> = {};
  for (const v of plan.volumes) {
    const name = String(v.name ?? '');
    if (isRecord(v.configMap))
      configVolumes[name] = await volumeFiles('ConfigMap', name, v.configMap, get, namespace);
    else if (isRecord(v.secret))
      configVolumes[name] = await volumeFiles('Secret', name, v.secret, get, namespace);
  }
  const out: PodPlan = {
    ...plan,
    containers: containers ?? [],
    initContainers: initContainers ?? [],
    sidecars: sidecars ?? [],
  };
  if (Object.keys(configVolumes).length > 0) out.configVolumes = configVolumes;
  return out;
}

type Getter = (kind: ConfigKind, name: string) => Promise<ConfigData | undefined>;

/** Kubernetes' order: envFrom sources first (later ones win), then env entries in their order. */
async function containerEnv(
  c: ContainerPlan,
  envValueFrom: unknown,
  envFrom: unknown,
  namespace: string,
  get: Getter,
): Promise<EnvVar[]> {
  const env = new Map<string, string>();
  for (const source of Array.isArray(envFrom) ? envFrom.filter(isRecord) : []) {
    const prefix = typeof source.prefix === 'string' ? source.prefix : '';
    const ref = isRecord(source.configMapRef)
      ? source.configMapRef
      : isRecord(source.secretRef)
        ? source.secretRef
        : undefined;
    if (!ref) continue;
    const kind: ConfigKind = isRecord(source.configMapRef) ? 'ConfigMap' : 'Secret';
    const name = String(ref.name ?? '');
    const data = await get(kind, name);
    if (!data) {
      if (ref.optional === true) continue;
      throw new ConfigSourceError(`${LOWER[kind]} "${name}" not found`);
    }
    for (const [k, v] of data) env.set(`${prefix}${k}`, v.toString('utf8'));
  }
  const fromRefs = new Map<string, string | undefined>();
  for (const e of Array.isArray(envValueFrom) ? envValueFrom.filter(isRecord) : []) {
    fromRefs.set(String(e.name ?? ''), await envValue(e, namespace, get));
  }
  for (const e of c.env) {
    if (!fromRefs.has(e.name)) env.set(e.name, e.value);
    else {
      const value = fromRefs.get(e.name);
      if (value !== undefined) env.set(e.name, value);
    }
  }
  return [...env].map(([name, value]) => ({ name, value }));
}

/** One `env[].valueFrom`: its value, or undefined for an optional reference that is missing. */
async function envValue(
  e: Record<string, unknown>,
  namespace: string,
  get: Getter,
): Promise<string | undefined> {
  const from = isRecord(e.valueFrom) ? e.valueFrom : {};
  const kind: ConfigKind | undefined = isRecord(from.configMapKeyRef)
    ? 'ConfigMap'
    : isRecord(from.secretKeyRef)
      ? 'Secret'
      : undefined;
  if (!kind) {
    const which = Object.keys(from)[0] ?? 'valueFrom';
    throw new ConfigSourceError(
      `env '${String(e.name)}': ${which} is not supported; use configMapKeyRef or secretKeyRef`,
    );
  }
  const ref = (kind === 'ConfigMap' ? from.configMapKeyRef : from.secretKeyRef) as Record<string, unknown>;
  const name = String(ref.name ?? '');
  const key = String(ref.key ?? '');
  const data = await get(kind, name);
  if (!data) {
    if (ref.optional === true) return undefined;
    throw new ConfigSourceError(`${LOWER[kind]} "${name}" not found`);
  }
  const value = data.get(key);
  if (value === undefined) {
    if (ref.optional === true) return undefined;
    throw new ConfigSourceError(`couldn't find key ${key} in ${kind} ${namespace}/${name}`);
  }
  return value.toString('utf8');
}

/** A configMap or secret volume's files: every key (or the listed items), with their modes. */
async function volumeFiles(
  kind: ConfigKind,
  volume: string,
  source: Record<string, unknown>,
  get: Getter,
  namespace: string,
): Promise<NonNullable<PodPlan['configVolumes']>[string]> {
  const name = String((kind === 'ConfigMap' ? source.name : source.secretName) ?? '');
  const optional = source.optional === true;
  const defaultMode = typeof source.defaultMode === 'number' ? source.defaultMode : 0o644;
  const data = await get(kind, name);
  if (!data) {
    if (optional) return [];
    throw new ConfigSourceError(
      `MountVolume.SetUp failed for volume "${volume}" : ${LOWER[kind]} "${name}" not found`,
    );
  }
  const items = Array.isArray(source.items) ? source.items.filter(isRecord) : undefined;
  if (!items) {
    return [...data].map(([key, value]) => ({
      path: key,
      content: value.toString('base64'),
      mode: defaultMode,
    }));
  }
  const files: NonNullable<PodPlan['configVolumes']>[string] = [];
  for (const item of items) {
    const key = String(item.key ?? '');
    const value = data.get(key);
    if (value === undefined) {
      if (optional) continue;
      throw new ConfigSourceError(
        `MountVolume.SetUp failed for volume "${volume}" : ${kind === 'ConfigMap' ? 'configmap' : 'secret'} references non-existent ${kind === 'ConfigMap' ? 'config' : 'secret'} key: ${key} (${namespace}/${name})`,
      );
    }
    const path = String(item.path ?? key);
    if (path.startsWith('/') || path.split('/').includes('..')) {
      throw new ConfigSourceError(
        `volume "${volume}": item path '${path}' must be relative and must not contain '..'`,
      );
    }
    files.push({
      path,
      content: value.toString('base64'),
      mode: typeof item.mode === 'number' ? item.mode : defaultMode,
    });
  }
  return files;
}
