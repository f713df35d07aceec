/**
 * Names: metadata.name (Kubernetes DNS-1123 subdomain, with Argo's length limits), template, step and
 * task names (Argo's field-name rule), parameter and artifact names, and uniqueness where Argo needs it.
 */
import { type FieldPath, formatPath, isDns1123Subdomain } from '../spec/index.js';
import { asArray, asRecord, type Json, type Report } from './problem.js';
import type { Rule, RuleContext } from './rule.js';
import { callersOf, stepsOf, tasksOf, templatesOf } from './workflow-view.js';

const FIELD_NAME = /^[a-zA-Z0-9][-a-zA-Z0-9]*$/;
const FIELD_NAME_MAX = 128;
const PARAM_NAME = /^[-a-zA-Z0-9_]+$/;
/** Argo keeps workflow names within a label value; CronWorkflows leave room for the `-<unix time>` suffix. */
const MAX_NAME: Record<string, number> = {
  Workflow: 63,
  WorkflowTemplate: 63,
  ClusterWorkflowTemplate: 63,
  CronWorkflow: 52,
};
const ARGO_KINDS = new Set([...Object.keys(MAX_NAME), 'WorkflowEventBinding']);

export function fieldNameError(name: string): string | undefined {
  if (name.length > FIELD_NAME_MAX) return `name must be no more than ${FIELD_NAME_MAX} characters`;
  if (!FIELD_NAME.test(name)) {
    return `invalid name "${name}": must consist of alpha-numeric characters or '-', and must start with an alpha-numeric character`;
  }
  return undefined;
}

function paramNameError(name: string): string | undefined {
  return PARAM_NAME.test(name)
    ? undefined
    : `invalid name "${name}": parameter and artifact names consist of alpha-numeric characters, '_' or '-'`;
}

function checkMetadata(ctx: RuleContext, report: Report): void {
  const { doc } = ctx;
  if (!ARGO_KINDS.has(doc.kind)) return;
  const metadata = asRecord(doc.value.metadata);
  const name = metadata?.name;
  const generateName = metadata?.generateName;
  if (typeof name === 'string' && name !== '') {
    if (!isDns1123Subdomain(name)) {
      report(
        ['metadata', 'name'],
        `invalid name "${name}": must be a lowercase RFC 1123 subdomain (lowercase letters, digits, '-' and '.', starting and ending with a letter or digit)`,
      );
    } else {
      const max = MAX_NAME[doc.kind];
      if (max !== undefined && name.length > max) {
        report(
          ['metadata', 'name'],
          `name must not be more than ${max} characters long (currently ${name.length})`,
        );
      }
    }
  } else if (typeof generateName === 'string' && generateName !== '') {
    if (!isDns1123Subdomain(generateName.replace(/-$/, 'a'))) {
      report(
        ['metadata', 'generateName'],
        `invalid generateName "${generateName}": must be a lowercase RFC 1123 subdomain prefix`,
      );
    }
  }
}

/** Checks each element's `name` of a list: present, well-formed, unique. */
function checkNamedList(
  list: unknown,
  path: FieldPath,
  what: string,
  validate: (name: string) => string | undefined,
  report: Report,
): void {
  const seen = new Map<string, number>();
  asArray(list).forEach((item, i) => {
    const record = asRecord(item);
    if (!record) return;
    const name = record.name;
    if (typeof name !== 'string' || name === '') {
      report([...path, i], `${what} name is required`);
      return;
    }
    const error = validate(name);
    if (error) report([...path, i, 'name'], error);
    const first = seen.get(name);
    if (first !== undefined) {
      report(
        [...path, i, 'name'],
        `duplicate ${what} name "${name}" (first at ${formatPath([...path, first])})`,
      );
    } else seen.set(name, i);
  });
}

function checkIo(node: Json, path: FieldPath, key: 'inputs' | 'outputs' | 'arguments', report: Report): void {
  const io = asRecord(node[key]);
  if (!io) return;
  checkNamedList(io.parameters, [...path, key, 'parameters'], 'parameter', paramNameError, report);
  checkNamedList(io.artifacts, [...path, key, 'artifacts'], 'artifact', paramNameError, report);
}

export const namesRule: Rule = {
  id: 'names',
  check(ctx, report) {
    checkMetadata(ctx, report);
    const view = ctx.view;
    if (!view) return;
    checkIo(view.spec, view.specPath, 'arguments', report);
    checkNamedList(view.spec.templates, [...view.specPath, 'templates'], 'template', fieldNameError, report);
    for (const tmpl of templatesOf(view)) {
      checkIo(tmpl.tmpl, tmpl.path, 'inputs', report);
      checkIo(tmpl.tmpl, tmpl.path, 'outputs', report);
      checkCallerNames(stepsOf(tmpl), 'step', report);
      checkCallerNames(tasksOf(tmpl), 'task', report);
      for (const caller of callersOf(tmpl)) checkIo(caller.node, caller.path, 'arguments', report);
    }
  },
};

function checkCallerNames(
  nodes: Array<{ name: string; path: FieldPath }>,
  what: string,
  report: Report,
): void {
  const seen = new Map<string, FieldPath>();
  for (const node of nodes) {
    if (node.name === '') {
      report(node.path, `${what} name is required`);
      continue;
    }
    const error = fieldNameError(node.name);
    if (error) report([...node.path, 'name'], error);
    if (seen.has(node.name)) report([...node.path, 'name'], `duplicate ${what} name "${node.name}"`);
    else seen.set(node.name, node.path);
  }
}
