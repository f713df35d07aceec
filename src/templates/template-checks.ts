/**
 * Admission rule of WorkflowTemplates and ClusterWorkflowTemplates beyond lint: their
 * workflowTemplateRef chains (with the stored templates) must end, not loop.
 */
import type { KindCheck } from './create-resources.js';
import { type ChainErrors, catalogKey, loadTemplateCatalog } from './template-catalog.js';

export const checkTemplateChains: KindCheck = async (doc, all, store, namespace) => {
  const broken: ChainErrors = new Map();
  await loadTemplateCatalog(store, namespace, all, broken);
  const err = broken.get(catalogKey(doc.kind === 'ClusterWorkflowTemplate', doc.name));
  return err ? [{ path: err.path.split('.'), message: err.reason }] : [];
};
