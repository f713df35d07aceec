/**
 * The WorkflowTemplates and ClusterWorkflowTemplates references resolve against: those stored in the
 * workflow's namespace (and the cluster's), with documents given alongside (the files of one
 * `argosy submit`) taking precedence. A WorkflowTemplate may itself run another through its own
 * workflowTemplateRef: such chains are flattened here, and a cycle is an error naming it.
 */
import type { Catalog } from '../engine/template-refs.js';
import { ValidationError } from '../errors/index.js';
import type { WorkflowSpec } from '../spec/types.js';
import type { ResourceReader } from '../store/index.js';
import { joinWorkflowSpec } from './join-workflow-spec.js';

export type TemplateKind = 'WorkflowTemplate' | 'ClusterWorkflowTemplate';

export interface TemplateDoc {
  kind: string;
  value: Record<string, unknown>;
}

interface StoredTemplate {
  metadata: { name?: string };
  spec: WorkflowSpec;
}

export const catalogKey = (clusterScope: boolean, name: string): string =>
  `${clusterScope ? 'cluster' : 'namespaced'}/${name}`;

export const kindOf = (clusterScope: boolean): TemplateKind =>
  clusterScope ? 'ClusterWorkflowTemplate' : 'WorkflowTemplate';

/** Why a template's chain cannot be followed, by catalog key. */
export type ChainErrors = Map<string, ValidationError>;

/**
 * Every stored template of the namespace and the cluster, then `docs` over them. Chains flattened.
 * With `errors`, a template whose chain is broken (a cycle, a missing link) is left out and its
 * error recorded there, so one broken template does not block references to the others; without,
 * the first such error is thrown.
 */
export async function loadTemplateCatalog(
  store: ResourceReader,
  namespace: string,
  docs: readonly TemplateDoc[] = [],
  errors?: ChainErrors,
): Promise<Catalog> {
  const catalog: Catalog = new Map();
  const put = (kind: TemplateKind, name: string | undefined, spec: unknown) => {
    if (!name || typeof spec !== 'object' || spec === null) return;
    catalog.set(catalogKey(kind === 'ClusterWorkflowTemplate', name), {
      kind,
      name,
      spec: spec as WorkflowSpec,
    });
  };
  for (const kind of ['WorkflowTemplate', 'ClusterWorkflowTemplate'] as const) {
    const { items } = await store.list<StoredTemplate & { apiVersion: string; kind: string }>(kind, {
      namespace,
    });
    for (const t of items) put(kind, t.metadata.name, t.spec);
  }
  for (const d of docs) {
    if (d.kind !== 'WorkflowTemplate' && d.kind !== 'ClusterWorkflowTemplate') continue;
    put(d.kind, (d.value.metadata as { name?: string } | undefined)?.name, d.value.spec);
  }
  return flattenChains(catalog, errors);
}

/**
 * Each template whose spec has a workflowTemplateRef gets the referenced template's (flattened) spec
 * joined under its own. ValidationError on a cycle or a reference to a missing template.
 */
export function flattenChains(catalog: Catalog, errors?: ChainErrors): Catalog {
  const out: Catalog = new Map();
  const resolve = (key: string, path: string[]): WorkflowSpec => {
    const done = out.get(key);
    if (done) return done.spec;
    const source = catalog.get(key);
    if (!source) throw new Error(`internal: ${key} missing`);
    const ref = source.spec.workflowTemplateRef;
    if (!ref) {
      out.set(key, source);
      return source.spec;
    }
    const label = `${source.kind}/${source.name}`;
    const targetKey = catalogKey(ref.clusterScope === true, ref.name ?? '');
    const target = catalog.get(targetKey);
    const targetLabel = `${kindOf(ref.clusterScope === true)}/${ref.name ?? ''}`;
    if (path.includes(targetLabel) || targetLabel === label) {
      throw new ValidationError(
        'spec.workflowTemplateRef',
        `workflowTemplateRef cycle: ${[...path, label, targetLabel].join(' -> ')}`,
        { kind: source.kind, name: source.name },
      );
    }
    if (!target) {
      throw new ValidationError('spec.workflowTemplateRef.name', `${targetLabel} not found`, {
        kind: source.kind,
        name: source.name,
      });
    }
    const { workflowTemplateRef: _ref, ...own } = source.spec;
    const spec = joinWorkflowSpec(own, resolve(targetKey, [...path, label]));
    out.set(key, { ...source, spec });
    return spec;
  };
  for (const key of catalog.keys()) {
    try {
      resolve(key, []);
    } catch (err) {
      if (!errors || !(err instanceof ValidationError)) throw err;
      errors.set(key, err);
    }
  }
  return out;
}
