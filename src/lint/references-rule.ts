/**
 * References: the entrypoint, spec.onExit, spec.workflowTemplateRef, each step's and task's
 * template / templateRef / onExit, lifecycle hooks, and WorkflowEventBinding submits. Every one must
 * name a template that exists: locally, or in a WorkflowTemplate/ClusterWorkflowTemplate among the
 * files of the same lint run. References built from tags (`{{...}}`) are resolved at run time and skipped.
 */
import type { FieldPath } from '../spec/index.js';
import { asRecord, hasTag, type Json, nonEmpty, type Report } from './problem.js';
import type { Rule, RuleContext } from './rule.js';
import { type Catalog, callersOf, templatesOf } from './workflow-view.js';

function checkLocal(name: unknown, local: Map<string, Json>, path: FieldPath, report: Report): void {
  const text = nonEmpty(name);
  if (text === undefined || hasTag(text) || local.has(text)) return;
  report(path, `template "${text}" not found`);
}

function checkRef(ref: Json, path: FieldPath, catalog: Catalog, report: Report): void {
  if (!nonEmpty(ref.name)) report(path, 'templateRef.name is required');
  else if (!nonEmpty(ref.template)) report(path, 'templateRef.template is required');
  const resolved = catalog.resolveRef(ref);
  if (resolved.status === 'missing') report(path, resolved.message);
}

/** A step, task or hook: exactly one way of naming its template. */
function checkCall(
  node: Json,
  path: FieldPath,
  ctx: RuleContext,
  report: Report,
  inlineAllowed: boolean,
): void {
  const ref = asRecord(node.templateRef);
  const hasTemplate = node.template !== undefined && node.template !== '';
  if (hasTemplate && ref) {
    report([...path, 'templateRef'], 'template and templateRef cannot both be set');
    return;
  }
  if (hasTemplate) checkLocal(node.template, ctx.local, [...path, 'template'], report);
  else if (ref) checkRef(ref, [...path, 'templateRef'], ctx.catalog, report);
  else if (!(inlineAllowed && asRecord(node.inline))) {
    report(
      path,
      inlineAllowed
        ? 'one of template, templateRef or inline is required'
        : 'template or templateRef is required',
    );
  }
}

function checkHooks(hooks: unknown, path: FieldPath, ctx: RuleContext, report: Report): void {
  const record = asRecord(hooks);
  if (!record) return;
  for (const [event, value] of Object.entries(record)) {
    const hook = asRecord(value);
    if (!hook) continue;
    if (event !== 'exit' && !nonEmpty(hook.expression)) {
      report([...path, event], `hook "${event}" needs an expression (only the "exit" hook runs without one)`);
    }
    checkCall(hook, [...path, event], ctx, report, false);
  }
}

function checkWorkflowTemplateRef(ctx: RuleContext, spec: Json, specPath: FieldPath, report: Report): void {
  const ref = asRecord(spec.workflowTemplateRef);
  if (!ref) return;
  const path = [...specPath, 'workflowTemplateRef'];
  if (asRecord(spec.templates) || (Array.isArray(spec.templates) && spec.templates.length > 0)) {
    report([...specPath, 'templates'], 'templates cannot be set when workflowTemplateRef is used');
  }
  const name = nonEmpty(ref.name);
  if (!name) {
    report(path, 'workflowTemplateRef.name is required');
    return;
  }
  if (hasTag(name)) return;
  const clusterScope = ref.clusterScope === true;
  const kind = clusterScope ? 'ClusterWorkflowTemplate' : 'WorkflowTemplate';
  const target = ctx.catalog.find(name, clusterScope);
  if (!target) {
    report([...path, 'name'], `${kind} "${name}" not found among the linted files`);
    return;
  }
  const targetSpec = asRecord(target.value.spec) ?? {};
  const names = new Set(
    (Array.isArray(targetSpec.templates) ? targetSpec.templates : []).map((t) => asRecord(t)?.name),
  );
  const entrypoint = nonEmpty(spec.entrypoint);
  if (entrypoint === undefined && !nonEmpty(targetSpec.entrypoint)) {
    report(path, `${kind} "${name}" has no entrypoint, so spec.entrypoint is required`);
  }
  for (const key of ['entrypoint', 'onExit'] as const) {
    const value = nonEmpty(spec[key]);
    if (value !== undefined && !hasTag(value) && !names.has(value)) {
      report([...specPath, key], `template "${value}" not found in ${kind} "${name}"`);
    }
  }
}

function checkSpec(ctx: RuleContext, report: Report): void {
  const view = ctx.view;
  if (!view) return;
  const { spec, specPath } = view;
  if (asRecord(spec.workflowTemplateRef)) {
    checkWorkflowTemplateRef(ctx, spec, specPath, report);
  } else {
    if (!view.isTemplateKind && !nonEmpty(spec.entrypoint)) report(specPath, 'spec.entrypoint is required');
    checkLocal(spec.entrypoint, ctx.local, [...specPath, 'entrypoint'], report);
    checkLocal(spec.onExit, ctx.local, [...specPath, 'onExit'], report);
  }
  checkHooks(spec.hooks, [...specPath, 'hooks'], ctx, report);
  for (const tmpl of templatesOf(view)) {
    for (const caller of callersOf(tmpl)) {
      checkCall(caller.node, caller.path, ctx, report, true);
      checkLocal(caller.node.onExit, ctx.local, [...caller.path, 'onExit'], report);
      checkHooks(caller.node.hooks, [...caller.path, 'hooks'], ctx, report);
    }
  }
}

function checkEventBinding(ctx: RuleContext, report: Report): void {
  if (ctx.doc.kind !== 'WorkflowEventBinding') return;
  const ref = asRecord(asRecord(asRecord(ctx.doc.value.spec)?.submit)?.workflowTemplateRef);
  const name = nonEmpty(ref?.name);
  if (!ref || !name || hasTag(name)) return;
  const clusterScope = ref.clusterScope === true;
  if (!ctx.catalog.find(name, clusterScope)) {
    const kind = clusterScope ? 'ClusterWorkflowTemplate' : 'WorkflowTemplate';
    report(
      ['spec', 'submit', 'workflowTemplateRef', 'name'],
      `${kind} "${name}" not found among the linted files`,
    );
  }
}

export const referencesRule: Rule = {
  id: 'references',
  check(ctx, report) {
    checkSpec(ctx, report);
    checkEventBinding(ctx, report);
  },
};
