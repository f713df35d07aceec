/**
 * Garbage-collection decisions, pure: when a completed workflow's ttlStrategy deletes it, and which
 * pods a podGC strategy releases after a reconcile (and how much later: deleteDelayDuration).
 */
import { parseDurationSeconds } from '../engine/durations.js';
import { effectiveSpec, podNameOf } from '../engine/index.js';
import type { NodeStatus, Workflow } from '../spec/types.js';

const COMPLETED = new Set(['Succeeded', 'Failed', 'Error']);
const POD_DONE = new Set(['Succeeded', 'Failed', 'Error', 'Skipped', 'Omitted']);

/**
 * When ttlStrategy deletes this workflow (ms since the epoch), or undefined: not completed, no
 * ttlStrategy, or no field for its outcome. Success uses secondsAfterSuccess, Failed/Error
 * secondsAfterFailure, each falling back to secondsAfterCompletion, counted from status.finishedAt.
 */
export function ttlDeadline(wf: Workflow): number | undefined {
  const phase = wf.status?.phase ?? '';
  if (!COMPLETED.has(phase)) return undefined;
  const ttl = effectiveSpec(wf).ttlStrategy;
  if (!ttl) return undefined;
  const seconds =
    phase === 'Succeeded'
      ? (ttl.secondsAfterSuccess ?? ttl.secondsAfterCompletion)
      : (ttl.secondsAfterFailure ?? ttl.secondsAfterCompletion);
  if (seconds === undefined) return undefined;
  const finished = Date.parse(String(wf.status?.finishedAt ?? ''));
  if (Number.isNaN(finished)) return undefined;
  return finished + Math.max(0, seconds) * 1000;
}

export interface PodRelease {
  podName: string;
  /** Wait this long first (deleteDelayDuration). */
  delayMs: number;
}

function matchesSelector(
  node: NodeStatus,
  wf: Workflow,
  selector: Record<string, string> | undefined,
): boolean {
  if (!selector || Object.keys(selector).length === 0) return true;
  const spec = effectiveSpec(wf);
  const tmpl = (spec.templates ?? []).find((t) => t.name === node.templateName);
  const labels = { ...(spec.podMetadata?.labels ?? {}), ...(tmpl?.metadata?.labels ?? {}) };
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/**
 * The pods podGC releases after a reconcile that changed `changedNodeIds`: pods that just completed
 * (OnPodCompletion) or succeeded (OnPodSuccess), or every pod once the workflow completed
 * (OnWorkflowCompletion) or succeeded (OnWorkflowSuccess). `wasCompleted`: the workflow had already
 * completed before this reconcile (its pods were handled then).
 */
export function podsToRelease(
  wf: Workflow,
  changedNodeIds: Iterable<string>,
  wasCompleted: boolean,
): PodRelease[] {
  // Called after every reconcile: most workflows have no podGC, so look before merging specs.
  if (!wf.spec.podGC && !wf.status?.storedWorkflowTemplateSpec?.podGC) return [];
  const spec = effectiveSpec(wf);
  const strategy = spec.podGC?.strategy;
  if (!strategy) return [];
  const delayMs = (parseDurationSeconds(spec.podGC?.deleteDelayDuration) ?? 0) * 1000;
  const selector = spec.podGC?.labelSelector?.matchLabels;
  const nodes = (wf.status?.nodes ?? {}) as Record<string, NodeStatus>;
  const name = wf.metadata.name ?? '';
  const pod = (n: NodeStatus): PodRelease => ({
    podName: podNameOf(name, n.name, n.templateName ?? ''),
    delayMs,
  });
  const isPod = (n: NodeStatus | undefined): n is NodeStatus =>
    n?.type === 'Pod' && matchesSelector(n, wf, selector);
  const phase = wf.status?.phase ?? '';
  switch (strategy) {
    case 'OnPodCompletion':
    case 'OnPodSuccess': {
      const out: PodRelease[] = [];
      for (const id of changedNodeIds) {
        const n = nodes[id];
        if (!isPod(n)) continue;
        if (strategy === 'OnPodSuccess' ? n.phase === 'Succeeded' : POD_DONE.has(n.phase ?? ''))
          out.push(pod(n));
      }
      return out;
    }
    case 'OnWorkflowCompletion':
    case 'OnWorkflowSuccess': {
      if (wasCompleted || !COMPLETED.has(phase)) return [];
      if (strategy === 'OnWorkflowSuccess' && phase !== 'Succeeded') return [];
      return Object.values(nodes).filter(isPod).map(pod);
    }
    default:
      return [];
  }
}
