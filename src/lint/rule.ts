/**
 * What a lint rule sees and how it reports. Rules are plain functions over one document, with the
 * catalog of every WorkflowTemplate/ClusterWorkflowTemplate given to the same run for references.
 */
import type { SourceDocument } from '../spec/index.js';
import type { Json, Report } from './problem.js';
import { type Catalog, localTemplates, type SpecView, specOf } from './workflow-view.js';

export interface RuleContext {
  doc: SourceDocument;
  /** The document's WorkflowSpec, for Workflow, WorkflowTemplate, ClusterWorkflowTemplate and CronWorkflow. */
  view: SpecView | undefined;
  /** The document's own templates by name. */
  local: Map<string, Json>;
  catalog: Catalog;
}

export interface Rule {
  /** Short id used in docs and tests, e.g. `dag-cycle`. */
  id: string;
  check(ctx: RuleContext, report: Report): void;
}

export function ruleContext(doc: SourceDocument, catalog: Catalog): RuleContext {
  const view = specOf(doc);
  return { doc, view, local: view ? localTemplates(view) : new Map(), catalog };
}
