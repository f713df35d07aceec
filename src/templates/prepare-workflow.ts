/**
 * The one step every new Workflow goes through before it is stored, whoever creates it (CLI submit,
 * the server's create / submit / resubmit routes, a CronWorkflow, a WorkflowEventBinding): the
 * controller's workflowDefaults merged under it (workflow-defaults.ts), then its template references
 * resolved and, for a workflowTemplateRef, Argo's spec join with the defaults under both
 * (resolve-workflow-refs.ts). Throws ValidationError; nothing is stored here.
 */
import type { Workflow } from '../spec/types.js';
import type { ResourceReader } from '../store/index.js';
import { type ResolveOptions, resolveWorkflowRefs } from './resolve-workflow-refs.js';
import { applyWorkflowDefaults, type WorkflowDefaults } from './workflow-defaults.js';

export interface PrepareOptions extends Omit<ResolveOptions, 'defaults'> {
  /** The controller configuration's `workflowDefaults`; absent when there are none. */
  workflowDefaults?: WorkflowDefaults;
}

export async function prepareWorkflow(
  store: ResourceReader,
  wf: Workflow,
  options: PrepareOptions = {},
): Promise<Workflow> {
  const { workflowDefaults, ...resolve } = options;
  const defaulted = applyWorkflowDefaults(wf, workflowDefaults);
  return resolveWorkflowRefs(store, defaulted, { ...resolve, defaults: workflowDefaults?.spec });
}
