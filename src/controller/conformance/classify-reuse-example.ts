/**
 * Which of Argo's synchronization, memoization, work-avoidance and resource-template examples can run
 * without a cluster, or why not. Locks, caches and resource templates on Argosy's own kinds run on
 * the embedded store; resource templates on other kinds need the kubernetes runtime; everything else
 * is decided by the host classifier (commands on this host, no volumes or artifacts...).
 */
import { parse } from 'yaml';
import type { Template, Workflow } from '../../spec/types.js';
import { isStoreKind, kindOfWord, needsKubernetes } from '../resource-target.js';
import { type Classification, classifyWorkflow } from './classify-example.js';

/** The examples this classifier is about: they use locks, memoization or resource templates. */
export function isReuseExample(id: string, wf: Workflow): boolean {
  if (/synchroniz|memoiz|work-avoidance/.test(id)) return true;
  if (wf.spec.synchronization) return true;
  return (wf.spec.templates ?? []).some((t) => t.resource || t.memoize || t.synchronization);
}

function manifestOf(t: Template): Record<string, unknown> | undefined {
  try {
    const value: unknown = parse(t.resource?.manifest ?? '', { logLevel: 'error' });
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function resourceReason(t: Template): string | undefined {
  const r = t.resource;
  if (!r) return undefined;
  // Supported, but the object's kind (a store kind or a Kubernetes one) is known only at run time.
  if (r.manifestFrom)
    return 'resource template with manifestFrom: the kind it acts on is known only at run time';
  const word = (r.flags ?? []).find((f) => !f.startsWith('-'));
  const kind = word ? kindOfWord(word) : String(manifestOf(t)?.kind ?? '');
  if (!isStoreKind(kind)) return needsKubernetes(kind || '(none)');
  const manifest = manifestOf(t);
  if (kind === 'Workflow' && manifest && (manifest.spec as { templates?: unknown })?.templates) {
    const child = classifyWorkflow({
      ...(manifest as unknown as Workflow),
      spec: manifest.spec as Workflow['spec'],
    });
    if (!child.runnable) return `the Workflow it creates: ${child.reason}`;
  }
  return undefined;
}

export function classifyReuseExample(wf: Workflow): Classification {
  for (const t of wf.spec.templates ?? []) {
    const reason = resourceReason(t);
    if (reason) return { runnable: false, reason };
  }
  const rest = structuredClone(wf);
  delete rest.spec.synchronization;
  for (const t of rest.spec.templates ?? []) {
    delete t.synchronization;
    delete t.memoize;
    delete t.resource;
  }
  return classifyWorkflow(rest);
}
