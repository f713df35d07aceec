/**
 * The parts of a pod plan only the container (and later kubernetes) runtimes use: the
 * workflow's volumeClaimTemplates as volumes (claim `<workflow>-<name>`, as Argo names the PVCs
 * it creates), the pod's securityContext and the podSpecPatch. Pure.
 */
import type { PodPlan } from '../../runtime/pod-plan.js';
import type { Template } from '../../spec/types.js';
import type { Ctx } from '../context.js';

export function podExtras(
  ctx: Ctx,
  tmpl: Template,
): Pick<PodPlan, 'securityContext' | 'podSpecPatch' | 'workflowClaims'> & {
  volumes: Record<string, unknown>[];
} {
  const out: ReturnType<typeof podExtras> = { volumes: [] };
  const claims: string[] = [];
  for (const vct of ctx.spec.volumeClaimTemplates ?? []) {
    const name = vct.metadata?.name;
    if (!name) continue;
    const claimName = `${ctx.name}-${name}`;
    claims.push(claimName);
    out.volumes.push({ name, persistentVolumeClaim: { claimName } });
  }
  if (claims.length > 0) out.workflowClaims = claims;
  const securityContext = tmpl.securityContext ?? ctx.spec.securityContext;
  if (securityContext) out.securityContext = securityContext as Record<string, unknown>;
  const patch = tmpl.podSpecPatch ?? ctx.spec.podSpecPatch;
  if (patch) out.podSpecPatch = patch;
  return out;
}
