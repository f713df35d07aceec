/**
 * The host runtime has no mounts of its own: a configMap or secret volume mounted by the step
 * becomes files placed at the mount path through the step's mount view (an overlay in its private
 * mount namespace, so nothing is written into the real directory).
 */
import { posix } from 'node:path';
import type { FilePlacement, PodPlan } from '../pod-plan.js';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Whether a plan volume is a configMap or secret volume. */
export function isConfigVolume(v: Record<string, unknown>): boolean {
  return isRecord(v.configMap) || isRecord(v.secret);
}

/** The main container's configMap and secret volume mounts as placed files (subPath picks one file or directory). */
export function configVolumeFiles(plan: PodPlan): FilePlacement[] {
  const out: FilePlacement[] = [];
  const main = plan.containers[0];
  const mounts = Array.isArray(main?.extra?.volumeMounts) ? main.extra.volumeMounts.filter(isRecord) : [];
  for (const m of mounts) {
    const files = plan.configVolumes?.[String(m.name ?? '')] ?? [];
    const mountPath = String(m.mountPath ?? '');
    const subPath = typeof m.subPath === 'string' ? posix.normalize(m.subPath) : '';
    for (const f of files) {
      let rel = f.path;
      if (subPath) {
        if (rel === subPath) rel = '';
        else if (rel.startsWith(`${subPath}/`)) rel = rel.slice(subPath.length + 1);
        else continue;
      }
      out.push({
        path: rel ? posix.join(mountPath, rel) : mountPath,
        content: f.content,
        encoding: 'base64',
        mode: f.mode,
      });
    }
  }
  return out;
}
