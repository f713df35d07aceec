/**
 * templates/: stored WorkflowTemplates and ClusterWorkflowTemplates — resolving a Workflow's
 * references against the store, Argo's spec join and workflowDefaults merge, admission of template
 * resources from files, and `submit --from`.
 */
export { admitFiles, createAll, type KindCheck } from './create-resources.js';
export { joinWorkflowSpec } from './join-workflow-spec.js';
export * from './labels.js';
export { lintDocumentsWithStore, lintFilesWithStore } from './lint-with-store.js';
export { type PrepareOptions, prepareWorkflow } from './prepare-workflow.js';
export { type ResolveOptions, resolveWorkflowRefs } from './resolve-workflow-refs.js';
export { mergeOver } from './strategic-merge.js';
export { parseFrom, workflowFrom } from './submit-from.js';
export { flattenChains, loadTemplateCatalog } from './template-catalog.js';
export { applyWorkflowDefaults, type WorkflowDefaults } from './workflow-defaults.js';
