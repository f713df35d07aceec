/**
 * What a pod's containers mount, made ready before they are created: named volumes (labelled for
 * cleanup), configMap/secret volume files on the host, and the directories subPath mounts bind.
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { posix } from 'node:path';
import type Docker from 'dockerode';
import type { PodPlan } from '../pod-plan.js';
import { envOf, envPairs } from './container-spec.js';
import { LABEL, MANAGED_BY } from './labels.js';
import { subPathSource, type VolumeMap, type VolumeSource, volumeMountsOf } from './pod-volumes.js';

const statusOf = (err: unknown): number | undefined => (err as { statusCode?: number }).statusCode;

/** The pod's named volumes (emptyDir per pod, claims per workflow), labelled so they are found again. */
export async function createVolumes(
  docker: Docker,
  plan: PodPlan,
  scope: string,
  volumes: VolumeMap,
): Promise<void> {
  for (const source of volumes.values()) {
    if ('unsupported' in source || source.kind !== 'volume') continue;
    try {
      await docker.getVolume(source.name).inspect();
      continue;
    } catch (err) {
      if (statusOf(err) !== 404) throw err;
    }
    const labels: Record<string, string> = {
      [LABEL.managedBy]: MANAGED_BY,
      [LABEL.scope]: scope,
      [LABEL.volumeLifetime]: source.lifetime,
      [LABEL.namespace]: plan.workflow.namespace,
    };
    if (source.lifetime === 'pod') labels[LABEL.pod] = plan.podName;
    if (source.lifetime === 'workflow') {
      labels[LABEL.workflowUid] = plan.workflow.uid;
      labels[LABEL.workflow] = plan.workflow.name;
    }
    try {
      await docker.createVolume({ Name: source.name, Labels: labels });
    } catch (err) {
      if (statusOf(err) !== 409 && !/already exists/i.test(String(err))) throw err;
    }
  }
}

/** configMap and secret volume files, in a host directory only this user can reach (mounted read-only). */
export async function writeConfigVolumes(plan: PodPlan, root: string): Promise<void> {
  const all = plan.configVolumes;
  if (!all) return;
  await mkdir(posix.dirname(root), { recursive: true, mode: 0o700 });
  await chmod(posix.dirname(root), 0o700);
  for (const [volume, files] of Object.entries(all)) {
    const dir = posix.join(root, volume);
    await mkdir(dir, { recursive: true, mode: 0o755 });
    for (const f of files) {
      const target = posix.join(dir, f.path);
      await mkdir(posix.dirname(target), { recursive: true, mode: 0o755 });
      await writeFile(target, Buffer.from(f.content, 'base64'), { mode: f.mode });
      await chmod(target, f.mode);
    }
  }
}

/**
 * subPath mounts bind a path inside the volume: named volumes get their engine mount point, and
 * the directory is created when missing, as the kubelet does.
 */
export async function prepareSubPaths(docker: Docker, plan: PodPlan, volumes: VolumeMap): Promise<void> {
  const all = [...plan.initContainers, ...plan.sidecars, ...plan.containers];
  for (const c of all) {
    for (const m of volumeMountsOf(c.extra, envPairs(envOf(plan, c)))) {
      const source = volumes.get(m.name);
      if (!m.subPath || !source || 'unsupported' in source) continue;
      if (source.kind === 'volume' && !source.mountpoint) {
        const info = (await docker.getVolume(source.name).inspect()) as { Mountpoint?: string };
        if (!info.Mountpoint)
          throw new Error(`volume '${m.name}': the engine reports no mount point for its subPath mount`);
        volumes.set(m.name, { ...source, mountpoint: info.Mountpoint });
      }
      const current = volumes.get(m.name) as VolumeSource;
      const path = subPathSource(current, m.subPath);
      if (!path) continue;
      try {
        await mkdir(path, { recursive: true });
      } catch (err) {
        if (
          (err as NodeJS.ErrnoException).code !== 'EEXIST' &&
          (err as NodeJS.ErrnoException).code !== 'ENOTDIR'
        ) {
          throw new Error(
            `volume '${m.name}': cannot create subPath '${m.subPath}' on this host (${(err as Error).message})`,
          );
        }
      }
    }
  }
}
