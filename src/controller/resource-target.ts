/**
 * Resource templates on Argosy's own store: which kinds it can act on, and how a template names its
 * object (the manifest, or kubectl-style flags `[kind, name]` / `[kind, --selector, a=b]`).
 */
import { parse } from 'yaml';
import { ValidationError } from '../errors/index.js';

/** Kinds the store holds; any other kind is for a cluster. */
export const STORE_KINDS = [
  'Workflow',
  'WorkflowTemplate',
  'ClusterWorkflowTemplate',
  'CronWorkflow',
  'WorkflowEventBinding',
  'ConfigMap',
  'Secret',
] as const;

const ALIASES: Record<string, string> = {
  workflow: 'Workflow',
  workflows: 'Workflow',
  wf: 'Workflow',
  workflowtemplate: 'WorkflowTemplate',
  workflowtemplates: 'WorkflowTemplate',
  wftmpl: 'WorkflowTemplate',
  clusterworkflowtemplate: 'ClusterWorkflowTemplate',
  clusterworkflowtemplates: 'ClusterWorkflowTemplate',
  cwftmpl: 'ClusterWorkflowTemplate',
  cronworkflow: 'CronWorkflow',
  cronworkflows: 'CronWorkflow',
  cwf: 'CronWorkflow',
  cronwf: 'CronWorkflow',
  workfloweventbinding: 'WorkflowEventBinding',
  workfloweventbindings: 'WorkflowEventBinding',
  wfeb: 'WorkflowEventBinding',
  configmap: 'ConfigMap',
  configmaps: 'ConfigMap',
  cm: 'ConfigMap',
  secret: 'Secret',
  secrets: 'Secret',
};

export function isStoreKind(kind: string): boolean {
  return (STORE_KINDS as readonly string[]).includes(kind);
}

export function needsKubernetes(kind: string): string {
  return `kind ${kind} needs the kubernetes runtime: resource templates on the embedded store act on ${STORE_KINDS.join(', ')}`;
}

/** A kubectl resource word (`workflow`, `cm`, `workflows.argoproj.io`) as a kind, or the word itself. */
export function kindOfWord(word: string): string {
  const lower = word.toLowerCase().split('.')[0] ?? '';
  return ALIASES[lower] ?? word;
}

export interface Manifest {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; generateName?: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

export function parseManifest(text: string | undefined): unknown {
  if (text === undefined || text.trim() === '') return undefined;
  try {
    return parse(text);
  } catch (err) {
    throw new ValidationError('resource.manifest', `not valid YAML: ${(err as Error).message}`);
  }
}

export interface Target {
  kind: string;
  name?: string;
  selector?: string;
}

/** The object a get/patch/delete acts on: flags first (kubectl's way), else the manifest. */
export function targetOf(flags: string[], manifest: unknown): Target | undefined {
  const words = flags.filter((f) => !f.startsWith('-') || f === '--selector' || f === '-l');
  if (flags.length > 0 && words.length > 0 && !words[0]?.startsWith('-')) {
    const kind = kindOfWord(words[0] ?? '');
    const sel = flags.findIndex((f) => f === '--selector' || f === '-l');
    if (sel >= 0) return { kind, selector: flags[sel + 1] ?? '' };
    const inline = flags.find((f) => f.startsWith('--selector=') || f.startsWith('-l='));
    if (inline) return { kind, selector: inline.slice(inline.indexOf('=') + 1) };
    const slash = (words[0] ?? '').indexOf('/');
    if (slash > 0)
      return { kind: kindOfWord((words[0] ?? '').slice(0, slash)), name: (words[0] ?? '').slice(slash + 1) };
    return { kind, name: words[1] };
  }
  const m = manifest as Manifest | undefined;
  if (m && typeof m === 'object' && !Array.isArray(m) && m.kind)
    return { kind: m.kind, name: m.metadata?.name };
  return undefined;
}
