/**
 * A pod plan's Kubernetes volumes as engine volumes: emptyDir becomes a named volume that lives as
 * long as the pod; a persistentVolumeClaim a named volume per claim (created when first used; the
 * workflow's volumeClaimTemplates are removed with the workflow); hostPath a bind mount.
 */
import type { PodPlan } from '../pod-plan.js';
import { volumeName } from './labels.js';

export type VolumeSource =
  | { kind: 'volume'; name: string; lifetime: 'pod' | 'workflow' | 'claim' }
  | { kind: 'bind'; hostPath: string };

/** What the runtime can mount, by the plan's volume name; an unsupported volume has a reason instead. */
export type VolumeMap = Map<string, VolumeSource | { unsupported: string }>;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

export function podVolumes(plan: PodPlan, scope: string): VolumeMap {
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
    } else {
      const kind = Object.keys(v).find((k) => k !== 'name') ?? 'no source';
      out.set(name, {
        unsupported: `volume '${name}' of kind ${kind}: the container runtime mounts emptyDir, persistentVolumeClaim and hostPath volumes`,
      });
    }
  }
  return out;
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  readOnly?: boolean;
  subPath?: string;
}

/** A container's volumeMounts (from its extra fields). */
export function volumeMountsOf(extra: Record<string, unknown> | undefined): VolumeMount[] {
  const mounts = extra?.volumeMounts;
  if (!Array.isArray(mounts)) return [];
  return mounts.filter(isRecord).map((m) => {
    const out: VolumeMount = { name: String(m.name ?? ''), mountPath: String(m.mountPath ?? '') };
    if (m.readOnly === true) out.readOnly = true;
    if (typeof m.subPath === 'string' && m.subPath !== '') out.subPath = m.subPath;
    return out;
  });
}

/** `source:target[:ro]` bind strings for HostConfig.Binds. */
export function bindsOf(mounts: VolumeMount[], volumes: VolumeMap): string[] {
  return mounts.map((m) => {
    const source = volumes.get(m.name);
    if (!source || 'unsupported' in source) throw new Error(`volume '${m.name}' is not mountable`);
    const from = source.kind === 'volume' ? source.name : source.hostPath;
    return `${from}:${m.mountPath}${m.readOnly ? ':ro' : ''}`;
  });
}
