/**
 * Read-only views over the Argo documents being linted: where a document's WorkflowSpec is, its
 * templates, steps and tasks with their field paths, and the catalog of WorkflowTemplates and
 * ClusterWorkflowTemplates that references resolve against (every file given to one lint run).
 */
import type { FieldPath, SourceDocument } from '../spec/index.js';
import { asArray, asRecord, hasTag, type Json, nonEmpty } from './problem.js';

/** The kinds whose spec is (or holds) a WorkflowSpec. */
export const SPEC_KINDS = [
  'Workflow',
  'WorkflowTemplate',
  'ClusterWorkflowTemplate',
  'CronWorkflow',
] as const;

/** The template types; a template has exactly one of these. */
export const TEMPLATE_TYPES = [
  'container',
  'script',
  'steps',
  'dag',
  'suspend',
  'resource',
  'http',
  'containerSet',
  'data',
  'plugin',
] as const;

export interface SpecView {
  doc: SourceDocument;
  spec: Json;
  specPath: FieldPath;
  /** WorkflowTemplate or ClusterWorkflowTemplate: entrypoint optional, arguments come from the Workflow. */
  isTemplateKind: boolean;
}

export interface TemplateView {
  tmpl: Json;
  path: FieldPath;
  name: string;
}

export interface StepView {
  step: Json;
  path: FieldPath;
  name: string;
  group: number;
  index: number;
}

export interface TaskView {
  task: Json;
  path: FieldPath;
  name: string;
}

export function specOf(doc: SourceDocument): SpecView | undefined {
  const spec = asRecord(doc.value.spec);
  if (!spec) return undefined;
  switch (doc.kind) {
    case 'Workflow':
      return { doc, spec, specPath: ['spec'], isTemplateKind: false };
    case 'WorkflowTemplate':
    case 'ClusterWorkflowTemplate':
      return { doc, spec, specPath: ['spec'], isTemplateKind: true };
    case 'CronWorkflow': {
      const wfSpec = asRecord(spec.workflowSpec);
      return wfSpec
        ? { doc, spec: wfSpec, specPath: ['spec', 'workflowSpec'], isTemplateKind: false }
        : undefined;
    }
    default:
      return undefined;
  }
}

export function templatesOf(view: SpecView): TemplateView[] {
  const out: TemplateView[] = [];
  asArray(view.spec.templates).forEach((value, i) => {
    const tmpl = asRecord(value);
    if (tmpl) out.push({ tmpl, path: [...view.specPath, 'templates', i], name: nonEmpty(tmpl.name) ?? '' });
  });
  return out;
}

/** The template types present on a template, in declaration order of TEMPLATE_TYPES. */
export function templateTypes(tmpl: Json): string[] {
  return TEMPLATE_TYPES.filter((type) => tmpl[type] !== undefined && tmpl[type] !== null);
}

export function templateType(tmpl: Json): string | undefined {
  return templateTypes(tmpl)[0];
}

export function isLeaf(tmpl: Json): boolean {
  const type = templateType(tmpl);
  return type !== undefined && type !== 'steps' && type !== 'dag';
}

export function stepsOf(tmpl: TemplateView): StepView[] {
  const out: StepView[] = [];
  asArray(tmpl.tmpl.steps).forEach((group, g) => {
    asArray(group).forEach((value, s) => {
      const step = asRecord(value);
      if (step) {
        out.push({
          step,
          path: [...tmpl.path, 'steps', g, s],
          name: nonEmpty(step.name) ?? '',
          group: g,
          index: s,
        });
      }
    });
  });
  return out;
}

export function tasksOf(tmpl: TemplateView): TaskView[] {
  const out: TaskView[] = [];
  asArray(asRecord(tmpl.tmpl.dag)?.tasks).forEach((value, i) => {
    const task = asRecord(value);
    if (task) out.push({ task, path: [...tmpl.path, 'dag', 'tasks', i], name: nonEmpty(task.name) ?? '' });
  });
  return out;
}

/** Steps and tasks alike: things that call a template. */
export function callersOf(tmpl: TemplateView): Array<{ node: Json; path: FieldPath; name: string }> {
  return [
    ...stepsOf(tmpl).map((s) => ({ node: s.step, path: s.path, name: s.name })),
    ...tasksOf(tmpl).map((t) => ({ node: t.task, path: t.path, name: t.name })),
  ];
}

export type RefResolution =
  | { status: 'found'; tmpl: Json; doc: SourceDocument }
  | { status: 'dynamic' }
  | { status: 'missing'; message: string };

/** WorkflowTemplates and ClusterWorkflowTemplates by name, across every file of the lint run. */
export class Catalog {
  private readonly namespaced = new Map<string, SourceDocument>();
  private readonly cluster = new Map<string, SourceDocument>();

  constructor(docs: readonly SourceDocument[]) {
    for (const doc of docs) {
      const name = nonEmpty(asRecord(doc.value.metadata)?.name);
      if (!name) continue;
      if (doc.kind === 'WorkflowTemplate' && !this.namespaced.has(name)) this.namespaced.set(name, doc);
      if (doc.kind === 'ClusterWorkflowTemplate' && !this.cluster.has(name)) this.cluster.set(name, doc);
    }
  }

  /** The WorkflowTemplate (or ClusterWorkflowTemplate when clusterScope) named name. */
  find(name: string, clusterScope: boolean): SourceDocument | undefined {
    return (clusterScope ? this.cluster : this.namespaced).get(name);
  }

  /** Resolves `{name, template, clusterScope}`; tags in the reference make it dynamic (resolved at run time). */
  resolveRef(ref: Json): RefResolution {
    const name = nonEmpty(ref.name);
    const template = nonEmpty(ref.template);
    if (!name || !template || hasTag(name) || hasTag(template)) return { status: 'dynamic' };
    const clusterScope = ref.clusterScope === true;
    const kind = clusterScope ? 'ClusterWorkflowTemplate' : 'WorkflowTemplate';
    const doc = this.find(name, clusterScope);
    if (!doc) return { status: 'missing', message: `${kind} "${name}" not found among the linted files` };
    const tmpl = asArray(asRecord(doc.value.spec)?.templates)
      .map(asRecord)
      .find((t) => t?.name === template);
    if (!tmpl) return { status: 'missing', message: `template "${template}" not found in ${kind} "${name}"` };
    return { status: 'found', tmpl, doc };
  }
}

/**
 * The template a step or task calls: a local template by name, a templateRef, or an inline template.
 * Undefined when it cannot be known (missing, dynamic) — callers then assume nothing about it.
 */
export function calledTemplate(node: Json, local: Map<string, Json>, catalog: Catalog): Json | undefined {
  const inline = asRecord(node.inline);
  if (inline) return inline;
  const name = nonEmpty(node.template);
  if (name) return local.get(name);
  const ref = asRecord(node.templateRef);
  if (ref) {
    const resolved = catalog.resolveRef(ref);
    return resolved.status === 'found' ? resolved.tmpl : undefined;
  }
  return undefined;
}

export function localTemplates(view: SpecView): Map<string, Json> {
  const out = new Map<string, Json>();
  for (const t of templatesOf(view)) if (t.name && !out.has(t.name)) out.set(t.name, t.tmpl);
  return out;
}
