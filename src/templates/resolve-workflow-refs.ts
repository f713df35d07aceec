/**
 * Admission of a Workflow that uses templateRef or workflowTemplateRef: the references resolve
 * against the stored WorkflowTemplates / ClusterWorkflowTemplates (and those given alongside), are
 * copied into `status.storedTemplates` / `status.storedWorkflowTemplateSpec` as Argo's controller
 * keeps them, and the Workflow is labelled with the template it runs. Anything missing is a
 * ValidationError naming the reference, and nothing is stored.
 */
import { resolveRefs } from '../engine/template-refs.js';
import { ValidationError } from '../errors/index.js';
import type { Workflow, WorkflowSpec } from '../spec/types.js';
import type { ResourceReader } from '../store/index.js';
import { joinWorkflowSpec } from './join-workflow-spec.js';
import { LABEL_CLUSTER_WORKFLOW_TEMPLATE, LABEL_WORKFLOW_TEMPLATE } from './labels.js';
import {
  type ChainErrors,
  catalogKey,
  kindOf,
  loadTemplateCatalog,
  type TemplateDoc,
} from './template-catalog.js';

export interface ResolveOptions {
  /** Documents given with the workflow (the files of one submit); they win over stored templates. */
  docs?: readonly TemplateDoc[];
  /** The controller's workflowDefaults spec, joined under a referenced WorkflowTemplate's. */
  defaults?: WorkflowSpec;
  /** Where the error says the template was looked for. */
  document?: { file?: string; line?: number; kind?: string; name?: string };
}

function needsResolution(wf: Workflow): boolean {
  return wf.spec.workflowTemplateRef !== undefined || JSON.stringify(wf.spec).includes('"templateRef"');
}

export async function resolveWorkflowRefs(
  store: ResourceReader,
  wf: Workflow,
  options: ResolveOptions = {},
): Promise<Workflow> {
  if (!needsResolution(wf)) return wf;
  const namespace = wf.metadata.namespace ?? 'default';
  const where = `stored in namespace "${namespace}"${options.docs?.length ? ' or among the given files' : ''}`;
  const broken: ChainErrors = new Map();
  const catalog = await loadTemplateCatalog(store, namespace, options.docs, broken);
  const ref = wf.spec.workflowTemplateRef;
  if (ref) {
    const clusterScope = ref.clusterScope === true;
    const key = catalogKey(clusterScope, ref.name ?? '');
    const target = catalog.get(key);
    const chain = broken.get(key);
    if (chain) {
      throw new ValidationError(
        'spec.workflowTemplateRef',
        `${kindOf(clusterScope)} "${ref.name}": ${chain.message}`,
        options.document,
      );
    }
    if (!target) {
      const scope = clusterScope ? '' : ` in namespace "${namespace}"`;
      throw new ValidationError(
        'spec.workflowTemplateRef.name',
        `${kindOf(clusterScope)} "${ref.name ?? ''}" not found${scope}`,
        options.document,
      );
    }
  }
  const resolved = resolveRefs(wf, catalog, where);
  if (typeof resolved === 'string') throw new ValidationError('spec', resolved, options.document);
  if (ref) {
    const clusterScope = ref.clusterScope === true;
    const target = catalog.get(catalogKey(clusterScope, ref.name ?? ''));
    const status = resolved.status ?? {};
    // Argo keeps the joined spec (template under workflow, defaults under both), not the template's own.
    status.storedWorkflowTemplateSpec = joinWorkflowSpec(resolved.spec, target?.spec ?? {}, options.defaults);
    resolved.status = status;
    resolved.metadata.labels = {
      ...(resolved.metadata.labels ?? {}),
      [clusterScope ? LABEL_CLUSTER_WORKFLOW_TEMPLATE : LABEL_WORKFLOW_TEMPLATE]: ref.name ?? '',
    };
  }
  return resolved;
}
