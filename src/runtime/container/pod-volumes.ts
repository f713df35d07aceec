/**
 * A pod plan's Kubernetes volumes as engine volumes: emptyDir becomes a named volume that lives as
 * long as the pod; a persistentVolumeClaim a named volume per claim (created when first used; the
 * workflow's volumeClaimTemplates are removed with the workflow); hostPath a bind mount; configMap
 * and secret volumes a read-only bind of a host directory the pod writes their files into.
 * A subPath mount binds the directory or file inside the volume (for a named volume, under the
 * engine's mount point of it, which must be visible on this host).
 */
import { posix } from 'node:path';
import type { PodPlan } from '../pod-plan.js';
import { volumeName } from './labels.js';

export type VolumeSource =
  | { kind: 'volume'; name: string; lifetime: 'pod' | 'workflow' | 'claim'; mountpoint?: string }
  | { kind: 'bind'; hostPath: string }
  | { kind: 'config'; hostPath: string };

/** What the runtime can mount, by the plan's volume name; an unsupported volume has a reason instead. */
export type VolumeMap = Map<string, VolumeSource | { unsupported: string }>;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Where a pod's configMap and secret volume files are written on the host. */
export function configVolumesDir(stagingDir: string, podName: string): string {
  return posix.join(stagingDir, '.config-volumes', podName);
}

export function podVolumes(plan: PodPlan, scope: string, configDir = '/nonexistent'): VolumeMap {
  const out: VolumeMap = new Map();
  const workflowClaims = new Set(plan.workflowClaims ?? []);
  for (const v of plan.volumes) {
    const name = typeof v.name === 'string' ? v.name : '';
    if (isRecord(v.emptyDir) || v.emptyDir === null) {
      out.set(name, { kind: 'volume', name: volumeName(scope, plan.podName, name), lifetime: 'pod' });
    } else if (isRecord(v.persistentVolumeClaim)) {
      const claim = String(v.persistentVolumeClaim.claimName ?? name);
      const lifetime = workflowClaims.has(claim) ? 'workflow' : 'claim';
      const owner =
        lifetime === 'workflow' ? plan.workflow.uid || plan.workflow.name : plan.workflow.namespace;
      out.set(name, { kind: 'volume', name: volumeName(scope, owner, claim), lifetime });
    } else if (isRecord(v.hostPath) && typeof v.hostPath.path === 'string') {
      out.set(name, { kind: 'bind', hostPath: v.hostPath.path });
    } else if (isRecord(v.configMap) || isRecord(v.secret)) {
      if (plan.configVolumes?.[name])
        out.set(name, { kind: 'config', hostPath: posix.join(configDir, name) });
      else
        out.set(name, {
          unsupported: `volume '${name}': its ${isRecord(v.configMap) ? 'ConfigMap' : 'Secret'} was not read (the plan did not come through a controller with a store)`,
        });
    } else {
      const kind = Object.keys(v).find((k) => k !== 'name') ?? 'no source';
      out.set(name, {
        unsupported: `volume '${name}' of kind ${kind}: the container runtime mounts emptyDir, persistentVolumeClaim, hostPath, configMap and secret volumes`,
      });
    }
  }
  return out;
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  readOnly?: boolean;
  /** subPath, or subPathExpr with the container's `$(VAR)` references expanded. */
  subPath?: string;
}

/**
 * A container's volumeMounts (from its extra fields). `env` expands subPathExpr's `$(VAR)` (Kubernetes
 * leaves an unknown reference as written).
 */
export function volumeMountsOf(
  extra: Record<string, unknown> | undefined,
  env: ReadonlyArray<{ name: string; value: string }> = [],
): VolumeMount[] {
  const mounts = extra?.volumeMounts;
  if (!Array.isArray(mounts)) return [];
  const vars = new Map(env.map((e) => [e.name, e.value]));
  return mounts.filter(isRecord).map((m) => {
    const out: VolumeMount = { name: String(m.name ?? ''), mountPath: String(m.mountPath ?? '') };
    if (m.readOnly === true) out.readOnly = true;
    if (typeof m.subPath === 'string' && m.subPath !== '') out.subPath = m.subPath;
    else if (typeof m.subPathExpr === 'string' && m.subPathExpr !== '') {
      out.subPath = m.subPathExpr.replace(
        /\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g,
        (all, name: string) => vars.get(name) ?? all,
      );
    }
    return out;
  });
}

/** Why a subPath is refused (absolute, or leaving the volume), or undefined when it is fine. */
export function badSubPath(subPath: string): string | undefined {
  if (posix.isAbsolute(subPath)) return `must be a relative path, got '${subPath}'`;
  if (subPath.split('/').includes('..')) return `must not contain '..', got '${subPath}'`;
  return undefined;
}

/** The host path a subPath mount binds, for the sources that have one (named volumes need their mount point). */
export function subPathSource(source: VolumeSource, subPath: string): string | undefined {
  if (source.kind === 'volume') return source.mountpoint ? posix.join(source.mountpoint, subPath) : undefined;
  return posix.join(source.hostPath, subPath);
}

/** `source:target[:ro]` bind strings for HostConfig.Binds. */
export function bindsOf(mounts: VolumeMount[], volumes: VolumeMap): string[] {
  return mounts.map((m) => {
    const source = volumes.get(m.name);
    if (!source || 'unsupported' in source) throw new Error(`volume '${m.name}' is not mountable`);
    let from = source.kind === 'volume' ? source.name : source.hostPath;
    if (m.subPath) {
      const bad = badSubPath(m.subPath);
      if (bad) throw new Error(`volume mount '${m.name}' at ${m.mountPath}: subPath ${bad}`);
      const path = subPathSource(source, m.subPath);
      if (!path) throw new Error(`volume '${m.name}': no host mount point is known for its subPath mount`);
      from = path;
    }
    const readOnly = m.readOnly || source.kind === 'config';
    return `${from}:${m.mountPath}${readOnly ? ':ro' : ''}`;
  });
}
