/**
 * Argo's JoinWorkflowSpec: the spec a Workflow with a workflowTemplateRef runs, kept in
 * `status.storedWorkflowTemplateSpec`. The WorkflowTemplate's spec is merged under the Workflow's
 * (the Workflow's fields win; its `arguments.parameters` override the template's by name, the
 * template's others are kept), and the controller's workflowDefaults under both. `suspend` is the
 * Workflow's own, as in Argo.
 */
import type { WorkflowSpec } from '../spec/types.js';
import { mergeOver } from './strategic-merge.js';

export function joinWorkflowSpec(
  workflowSpec: WorkflowSpec,
  templateSpec: WorkflowSpec,
  defaults?: WorkflowSpec,
): WorkflowSpec {
  const joined = mergeOver(templateSpec, workflowSpec);
  const out = defaults ? mergeOver(defaults, joined) : joined;
  if (workflowSpec.suspend === undefined) delete out.suspend;
  else out.suspend = workflowSpec.suspend;
  return out;
}
