/**
 * A containerSet template's containers as the pod plan's main containers: each keeps its
 * `dependencies` (the runtime starts it once they succeeded) and gets the set's volumeMounts.
 * The container named `main` provides the outputs, as in Argo. Pure.
 */
import type { ContainerPlan } from '../../runtime/pod-plan.js';
import type { Container, Template } from '../../spec/types.js';
import { containerPlan } from './pod-template.js';

export function containerSetPlans(set: NonNullable<Template['containerSet']>): ContainerPlan[] {
  const shared = set.volumeMounts ?? [];
  return (set.containers ?? []).map((c) => {
    const own = (c as Container & { volumeMounts?: unknown[] }).volumeMounts ?? [];
    const plan = containerPlan(
      { ...c, volumeMounts: [...shared, ...own] } as Partial<Container>,
      c.name ?? '',
    );
    return plan;
  });
}
