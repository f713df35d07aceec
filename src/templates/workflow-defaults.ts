/**
 * workflowDefaults from the controller config (Argo's docs/default-workflow-specs.md): a Workflow
 * object whose metadata and spec every submitted Workflow is merged over. The Workflow's own values
 * win; maps (labels, annotations, nested spec objects) merge key by key; lists keyed by name
 * (templates, arguments.parameters, volumes...) merge item by item; other lists are the Workflow's.
 * Pure: the caller (the controller, when the config loader is wired) decides when to apply it.
 */
import type { ObjectMeta, Workflow, WorkflowSpec } from '../spec/types.js';
import { mergeOver } from './strategic-merge.js';

export interface WorkflowDefaults {
  metadata?: Pick<ObjectMeta, 'labels' | 'annotations'> & Record<string, unknown>;
  spec?: WorkflowSpec;
}

/** A copy of `workflow` with `defaults` merged under it. */
export function applyWorkflowDefaults(workflow: Workflow, defaults: WorkflowDefaults | undefined): Workflow {
  if (!defaults) return structuredClone(workflow);
  const out = structuredClone(workflow);
  const meta = defaults.metadata;
  if (meta?.labels) out.metadata.labels = { ...meta.labels, ...(out.metadata.labels ?? {}) };
  if (meta?.annotations) {
    out.metadata.annotations = { ...meta.annotations, ...(out.metadata.annotations ?? {}) };
  }
  if (defaults.spec) {
    // A Workflow that runs a WorkflowTemplate gets the defaults when its spec is joined with the
    // template's (joinWorkflowSpec); merging them here too would let a default beat the template.
    if (!out.spec.workflowTemplateRef) out.spec = mergeOver(defaults.spec, out.spec);
  }
  return out;
}
