/**
 * Argo's variable scopes, as its validator builds them (workflow/validate/validate.go), for lint:
 * which `{{...}}` simple tags resolve at a given place. Only tags under the roots Argo checks
 * (item, steps., tasks., inputs., outputs., pod., workflow.) and the retry/lastRetry variables are
 * judged; anything else is left alone. When a template cannot be resolved, everything about it is allowed.
 */
import { asArray, asRecord, hasTag, type Json, nonEmpty } from './problem.js';
import type { SpecView } from './workflow-view.js';
import { isLeaf, templateType } from './workflow-view.js';

/** What `item` can be at a place: nothing, anything (withParam), scalars, or objects with these keys. */
export interface ItemScope {
  any: boolean;
  scalar: boolean;
  keys: Set<string>;
}

/** Finds a visible step or task by name (a Map, or computed on demand so big DAGs stay linear). */
export type NodeLookup = Pick<ReadonlyMap<string, NodeInfo>, 'get'>;

/** A step or task visible from the current place. */
export interface NodeInfo {
  /** The template it calls; undefined when unknown (templateRef elsewhere, dynamic). */
  tmpl: Json | undefined;
  looped: boolean;
  /** Whether `.status` may be used here. */
  status: boolean;
  /** Whether its outputs may be used here (not in the step itself, unless it has an exit hook). */
  outputs: boolean;
}

export interface Globals {
  exact: Set<string>;
  /** WorkflowTemplates take their parameters from the Workflow that uses them. */
  anyParameter: boolean;
  anyOutput: boolean;
}

/** The scope of one place in one template. */
export interface Env {
  globals: Globals;
  tmplName: string;
  inputParameters: Set<string>;
  inputArtifacts: Set<string>;
  pod: boolean;
  retries: boolean;
  item: ItemScope | undefined;
  /** Set inside a steps template: the steps visible here, and all step names of the template. */
  steps?: { visible: NodeLookup; all: Set<string> };
  tasks?: { visible: NodeLookup; all: Set<string>; self: string };
}

const GLOBAL_PREFIXES = ['workflow.creationTimestamp', 'workflow.scheduledTime', 'workflow.duration'];

function keysOf(value: unknown): string[] {
  return Object.keys(asRecord(value) ?? {});
}

export function buildGlobals(view: SpecView, usesTemplateRef: boolean): Globals {
  const { doc, spec } = view;
  const exact = new Set(
    ['name', 'namespace', 'mainEntrypoint', 'serviceAccountName', 'uid', 'status', 'failures'].map(
      (v) => `workflow.${v}`,
    ),
  );
  for (const v of [
    'parameters',
    'parameters.json',
    'annotations',
    'annotations.json',
    'labels',
    'labels.json',
  ]) {
    exact.add(`workflow.${v}`);
  }
  if (spec.priority !== undefined) exact.add('workflow.priority');
  for (const p of asArray(asRecord(spec.arguments)?.parameters)) {
    const name = nonEmpty(asRecord(p)?.name);
    if (name) exact.add(`workflow.parameters.${name}`);
  }
  const metadata = asRecord(doc.value.metadata);
  const wfMeta = asRecord(spec.workflowMetadata);
  const cronMeta =
    doc.kind === 'CronWorkflow' ? asRecord(asRecord(doc.value.spec)?.workflowMetadata) : undefined;
  for (const source of [metadata, wfMeta, cronMeta]) {
    for (const k of keysOf(source?.annotations)) exact.add(`workflow.annotations.${k}`);
    for (const k of [...keysOf(source?.labels), ...keysOf(source?.labelsFrom)])
      exact.add(`workflow.labels.${k}`);
  }
  let anyOutput = usesTemplateRef || view.isTemplateKind;
  const collect = (value: unknown, kind: 'parameters' | 'artifacts') => {
    for (const item of asArray(value)) {
      const globalName = nonEmpty(asRecord(item)?.globalName);
      if (!globalName) continue;
      if (hasTag(globalName)) anyOutput = true;
      else exact.add(`workflow.outputs.${kind}.${globalName}`);
    }
  };
  const templates = asArray(spec.templates).map(asRecord);
  for (const tmpl of templates) {
    const outputs = asRecord(tmpl?.outputs);
    collect(outputs?.parameters, 'parameters');
    collect(outputs?.artifacts, 'artifacts');
  }
  return { exact, anyParameter: view.isTemplateKind, anyOutput };
}

function checkWorkflow(tag: string, globals: Globals): string | undefined {
  if (globals.exact.has(tag) || GLOBAL_PREFIXES.some((p) => tag.startsWith(p))) return undefined;
  if (tag.startsWith('workflow.parameters.')) {
    if (globals.anyParameter) return undefined;
    return `workflow parameter "${tag.slice('workflow.parameters.'.length)}" is not declared in spec.arguments.parameters`;
  }
  if (tag.startsWith('workflow.outputs.')) {
    return globals.anyOutput
      ? undefined
      : 'no template declares this global output (outputs with globalName)';
  }
  if (tag.startsWith('workflow.labels.') || tag.startsWith('workflow.annotations.')) {
    return 'no such label or annotation on the workflow';
  }
  return 'unknown workflow variable';
}

/** `.outputs.result` and `.exitCode` exist for templates that run something and capture its output. */
function hasResult(tmpl: Json): boolean {
  const type = templateType(tmpl);
  return (
    type === 'container' ||
    type === 'script' ||
    type === 'containerSet' ||
    type === 'data' ||
    type === 'http' ||
    type === 'plugin'
  );
}

function declares(tmpl: Json, kind: 'parameters' | 'artifacts', name: string): boolean {
  return asArray(asRecord(tmpl.outputs)?.[kind]).some((p) => asRecord(p)?.name === name);
}

/** Whether attr (`outputs.parameters.x`, `status`, `exitCode`, ...) exists on a visible step or task. */
function checkNodeAttr(what: string, name: string, attr: string, node: NodeInfo): string | undefined {
  if (['id', 'startedAt', 'finishedAt', 'hostNodeName'].includes(attr)) return undefined;
  if (attr === 'status') return node.status ? undefined : `the status of ${what} "${name}" is not known here`;
  if (!node.outputs) return `the outputs of ${what} "${name}" are not available in the ${what} itself`;
  const tmpl = node.tmpl;
  if (!tmpl) return undefined;
  if (attr === 'ip') return tmpl.daemon === true ? undefined : `${what} "${name}" is not a daemon`;
  if (attr === 'outputs.result' || attr === 'exitCode') {
    return hasResult(tmpl) || (node.looped && templateType(tmpl) === 'script')
      ? undefined
      : `${what} "${name}" runs a ${templateType(tmpl) ?? 'template'} template, which has no ${attr}`;
  }
  if (attr === 'outputs.parameters' && node.looped) return undefined;
  const param = /^outputs\.parameters\.(.+)$/.exec(attr);
  if (param?.[1] !== undefined) {
    return declares(tmpl, 'parameters', param[1])
      ? undefined
      : `${what} "${name}" has no output parameter "${param[1]}"`;
  }
  const artifact = /^outputs\.artifacts\.(.+)$/.exec(attr);
  if (artifact?.[1] !== undefined) {
    return declares(tmpl, 'artifacts', artifact[1])
      ? undefined
      : `${what} "${name}" has no output artifact "${artifact[1]}"`;
  }
  return `${what} "${name}" has no "${attr}"`;
}

function checkSteps(tag: string, env: Env): string | undefined {
  if (tag.startsWith('steps.name')) return undefined;
  if (!env.steps) return 'steps.* variables are only available inside a steps template';
  const [, name = '', ...rest] = tag.split('.');
  const node = env.steps.visible.get(name);
  if (!node) {
    return env.steps.all.has(name)
      ? `step "${name}" does not run before this point`
      : `no step "${name}" in template "${env.tmplName}"`;
  }
  return checkNodeAttr('step', name, rest.join('.'), node);
}

function checkTasks(tag: string, env: Env): string | undefined {
  if (tag.startsWith('tasks.name')) return undefined;
  if (!env.tasks) return 'tasks.* variables are only available inside a dag template';
  const [, name = '', ...rest] = tag.split('.');
  const node = env.tasks.visible.get(name);
  if (!node) return `no task "${name}" in the DAG of template "${env.tmplName}"`;
  const reason = checkNodeAttr('task', name, rest.join('.'), node);
  if (reason && rest.join('.') === 'status')
    return `task "${name}" is not a dependency of task "${env.tasks.self}"`;
  return reason;
}

function checkItem(tag: string, item: ItemScope | undefined): string | undefined {
  if (!item) return '{{item}} is only available in a step or task with withItems, withParam or withSequence';
  if (tag === 'item' || item.any) return undefined;
  const key = tag.slice('item.'.length).split('.')[0] ?? '';
  if (item.keys.has(key)) return undefined;
  if (item.keys.size === 0) return 'the loop items are not objects';
  return `no loop item has the key "${key}"`;
}

function checkInputs(tag: string, env: Env): string | undefined {
  if (tag === 'inputs.parameters')
    return env.inputParameters.size > 0 ? undefined : `template "${env.tmplName}" has no input parameters`;
  const param = /^inputs\.parameters\.(.+)$/.exec(tag);
  if (param?.[1] !== undefined) {
    return env.inputParameters.has(param[1])
      ? undefined
      : `template "${env.tmplName}" declares no input parameter "${param[1]}"`;
  }
  const artifact = /^inputs\.artifacts\.([^.]+)(\.path)?$/.exec(tag);
  if (artifact?.[1] !== undefined) {
    return env.inputArtifacts.has(artifact[1])
      ? undefined
      : `template "${env.tmplName}" declares no input artifact "${artifact[1]}"`;
  }
  return 'unknown inputs variable';
}

/** Why a simple tag cannot resolve at this place, or undefined when it can (or is not Argo's to judge). */
export function unresolvable(tag: string, env: Env): string | undefined {
  if (tag === 'item' || tag.startsWith('item.')) return checkItem(tag, env.item);
  if (tag.startsWith('inputs.')) return checkInputs(tag, env);
  if (tag.startsWith('workflow.')) return checkWorkflow(tag, env.globals);
  if (tag.startsWith('steps.')) return checkSteps(tag, env);
  if (tag.startsWith('tasks.')) return checkTasks(tag, env);
  if (tag.startsWith('pod.')) {
    if (tag !== 'pod.name') return 'unknown pod variable';
    return env.pod ? undefined : 'pod.name is only available in templates that run a pod';
  }
  if (tag === 'retries' || tag.startsWith('retries.') || tag.startsWith('lastRetry.')) {
    return env.retries ? undefined : `${tag} is only available in a template with a retryStrategy`;
  }
  return undefined;
}

function namesOf(list: unknown): Set<string> {
  const out = new Set<string>();
  for (const item of asArray(list)) {
    const name = nonEmpty(asRecord(item)?.name);
    if (name) out.add(name);
  }
  return out;
}

/** The scope every place inside template tmpl starts from. */
export function templateEnv(tmpl: Json, name: string, globals: Globals, retryDefault: boolean): Env {
  const inputs = asRecord(tmpl.inputs);
  return {
    globals,
    tmplName: name,
    inputParameters: namesOf(inputs?.parameters),
    inputArtifacts: namesOf(inputs?.artifacts),
    pod: isLeaf(tmpl),
    retries: retryDefault || tmpl.retryStrategy !== undefined,
    item: undefined,
  };
}

/** The item scope a step or task's loop brings, or undefined. */
export function loopItems(node: Json): ItemScope | undefined {
  if (node.withParam !== undefined) return { any: true, scalar: false, keys: new Set() };
  if (node.withSequence !== undefined) return { any: false, scalar: true, keys: new Set() };
  if (!Array.isArray(node.withItems)) return undefined;
  const scope: ItemScope = { any: false, scalar: false, keys: new Set() };
  for (const item of node.withItems) {
    const record = asRecord(item);
    if (record) for (const key of Object.keys(record)) scope.keys.add(key);
    else if (Array.isArray(item) || hasTag(item)) scope.any = true;
    else scope.scalar = true;
  }
  return scope;
}

export function mergeItems(a: ItemScope | undefined, b: ItemScope | undefined): ItemScope | undefined {
  if (!a) return b;
  if (!b) return a;
  return { any: a.any || b.any, scalar: a.scalar || b.scalar, keys: new Set([...a.keys, ...b.keys]) };
}
