/**
 * Finding the template a step, task or hook names: local templates (with spec.templateDefaults
 * merged in), inline templates, and templateRefs that the controller stored in status.storedTemplates
 * (keys `namespaced/<workflowtemplate>/<template>` or `cluster/<clusterworkflowtemplate>/<template>`).
 */
import type { Template, TemplateRef, WorkflowSpec, WorkflowStatus } from '../spec/types.js';

const cache = new WeakMap<object, Map<string, Template>>();

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep merge of plain objects; `over` wins, arrays are replaced. */
export function mergeDefaults<T>(defaults: unknown, over: T): T {
  if (!isPlainObject(defaults) || !isPlainObject(over)) return over === undefined ? (defaults as T) : over;
  const out: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(over)) {
    out[key] = key in defaults ? mergeDefaults(defaults[key], value) : value;
  }
  return out as T;
}

/** Name -> template, with templateDefaults applied. Cached per spec.templates array. */
export function templateMap(spec: WorkflowSpec): Map<string, Template> {
  const list = spec.templates ?? [];
  const cached = cache.get(list);
  if (cached) return cached;
  const map = new Map<string, Template>();
  for (const tmpl of list) {
    if (tmpl.name) map.set(tmpl.name, withDefaults(spec, tmpl));
  }
  cache.set(list, map);
  return map;
}

export function withDefaults(spec: WorkflowSpec, tmpl: Template): Template {
  return spec.templateDefaults ? mergeDefaults(spec.templateDefaults, tmpl) : tmpl;
}

/** `namespaced/<wftmpl>` or `cluster/<cwftmpl>` for templates that came from a WorkflowTemplate. */
const scopes = new WeakMap<Template, string>();

export function templateScopeOf(template: Template): string | undefined {
  return scopes.get(template);
}

function scoped(template: Template, scope: string): Template {
  scopes.set(template, scope);
  return template;
}

export interface TemplateHolder {
  template?: string;
  inline?: Template;
  templateRef?: TemplateRef;
}

/**
 * The template, or a reason it cannot be found. `scope` is the enclosing template's WorkflowTemplate
 * (its node's templateScope): a plain `template: x` inside a referenced WorkflowTemplate names that
 * WorkflowTemplate's own template x, as in Argo.
 */
export function resolveTemplate(
  templates: Map<string, Template>,
  spec: WorkflowSpec,
  status: WorkflowStatus,
  holder: TemplateHolder,
  scope?: string,
): Template | string {
  if (holder.inline) return withDefaults(spec, holder.inline);
  if (holder.templateRef) {
    const ref = holder.templateRef;
    const key = `${ref.clusterScope ? 'cluster' : 'namespaced'}/${ref.name}/${ref.template}`;
    const stored = status.storedTemplates?.[key];
    if (stored) {
      const scope = `${ref.clusterScope ? 'cluster' : 'namespaced'}/${ref.name}`;
      return scoped(withDefaults(spec, { ...stored, name: stored.name ?? ref.template }), scope);
    }
    return `template reference ${ref.name}.${ref.template} not found`;
  }
  const name = holder.template ?? '';
  if (scope) {
    const stored = status.storedTemplates?.[`${scope}/${name}`];
    if (stored) return scoped(withDefaults(spec, { ...stored, name: stored.name ?? name }), scope);
    return `template ${name} not found in ${scope}`;
  }
  const found = templates.get(name);
  return found ?? `template ${name} not found`;
}

export type TemplateKind =
  | 'container'
  | 'script'
  | 'containerSet'
  | 'steps'
  | 'dag'
  | 'suspend'
  | 'http'
  | 'resource'
  | 'data'
  | 'unsupported';

export function templateKind(tmpl: Template): TemplateKind {
  if (tmpl.container) return 'container';
  if (tmpl.script) return 'script';
  if (tmpl.containerSet) return 'containerSet';
  if (tmpl.steps) return 'steps';
  if (tmpl.dag) return 'dag';
  if (tmpl.suspend) return 'suspend';
  if (tmpl.http) return 'http';
  if (tmpl.resource) return 'resource';
  if (tmpl.data) return 'data';
  return 'unsupported';
}
