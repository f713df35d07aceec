/**
 * Labels on everything the container runtime creates, so a restarted controller finds its pods
 * again and a cleanup can remove exactly what one Argosy home made (never anyone else's).
 */
import { createHash } from 'node:crypto';
import type Docker from 'dockerode';
import type { VolumeInspectInfo } from 'dockerode';

export const LABEL = {
  /** Always `argosy`: made by the container runtime. */
  managedBy: 'io.argosy.managed-by',
  /** Which Argosy home (store) the pod belongs to: a hash, so two homes never adopt each other's pods. */
  scope: 'io.argosy.scope',
  pod: 'io.argosy.pod',
  nodeId: 'io.argosy.node-id',
  workflow: 'io.argosy.workflow',
  namespace: 'io.argosy.namespace',
  workflowUid: 'io.argosy.workflow-uid',
  container: 'io.argosy.container',
  /** `init`, `sidecar` or `main` (a containerSet has several `main`). */
  role: 'io.argosy.role',
  /** The outputs part of the plan (JSON) on main containers, to collect them after a controller restart. */
  outputs: 'io.argosy.outputs',
  /** The plan's artifactRepository (JSON) on main containers, to save output artifacts after a controller restart. */
  artifactRepository: 'io.argosy.artifact-repository',
  /** When the pod started (ISO-8601), on every container. */
  startedAt: 'io.argosy.started-at',
  /**
   * When the pod's activeDeadlineSeconds runs out (ISO-8601), on every container of a pod that has
   * one: a controller that finds the pod ended tells a deadline kill from a plain failure by it.
   */
  deadlineAt: 'io.argosy.deadline-at',
  /** Volumes: `pod` (emptyDir, removed with the pod) or `workflow` (a claim, removed with the workflow). */
  volumeLifetime: 'io.argosy.volume-lifetime',
} as const;

export const MANAGED_BY = 'argosy';

export type Role = 'init' | 'sidecar' | 'main';

/** A short stable id for a scope string (e.g. the Argosy home directory). */
export function scopeId(scope: string): string {
  return createHash('sha256').update(scope).digest('hex').slice(0, 10);
}

/** Container and volume names are unique per scope: `argosy-<scope>-<pod>-<container>`. */
export function containerName(scope: string, podName: string, container: string): string {
  return sanitize(`argosy-${scope}-${podName}-${container}`);
}

export function volumeName(scope: string, owner: string, volume: string): string {
  return sanitize(`argosy-${scope}-${owner}-${volume}`);
}

/** Engine names allow [a-zA-Z0-9][a-zA-Z0-9_.-]*. */
function sanitize(name: string): string {
  return name.replace(/[^a-zA-Z0-9_.-]/g, '-');
}

/** Label filters for the Engine API's list endpoints. */
export function labelFilter(labels: Record<string, string>): { label: string[] } {
  return { label: Object.entries(labels).map(([k, v]) => `${k}=${v}`) };
}

/**
 * The volumes carrying every one of `labels`. podman's Docker-compatible volume list ORs several
 * label filters (its container list ANDs them), so the answer is checked here too: trusting it
 * removed other workflows' and other homes' volumes.
 */
export async function listVolumesLabelled(
  docker: Docker,
  labels: Record<string, string>,
): Promise<VolumeInspectInfo[]> {
  const { Volumes } = await docker.listVolumes({ filters: labelFilter(labels) });
  return (Volumes ?? []).filter((v) => Object.entries(labels).every(([k, value]) => v.Labels?.[k] === value));
}
