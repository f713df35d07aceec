/**
 * Building the flat variable maps of docs/variables.md: `workflow.*` globals, `inputs.*`,
 * and the `steps.X.*` / `tasks.X.*` outputs of completed nodes (aggregated for loops).
 */
import { type Vars, workflowCreationTimestampVars } from '../expr/tags/index.js';
import type { NodeStatus, Parameter, Workflow, WorkflowStatus } from '../spec/types.js';
import { artifactRef, inputArtifactVars, outputArtifactVars } from './artifacts/index.js';

export function paramValue(p: Parameter): string | undefined {
  const v: unknown = p.value;
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** The `workflow.*` variables (status-dependent ones are added by `withWorkflowStatusVars`). */
/** Set by a CronWorkflow on the workflows it creates: the run's scheduled time, RFC 3339. */
export const SCHEDULED_TIME_ANNOTATION = 'workflows.argoproj.io/scheduled-time';

export function workflowVars(wf: Workflow, status: WorkflowStatus): Vars {
  const meta = wf.metadata ?? {};
  const spec = wf.spec ?? {};
  const vars: Vars = {
    'workflow.name': meta.name ?? '',
    'workflow.namespace': meta.namespace ?? '',
    'workflow.uid': meta.uid ?? '',
    'workflow.serviceAccountName': spec.serviceAccountName ?? '',
    'workflow.mainEntrypoint': spec.entrypoint ?? '',
  };
  if (spec.priority !== undefined) vars['workflow.priority'] = String(spec.priority);
  const labels = meta.labels ?? {};
  const annotations = meta.annotations ?? {};
  for (const [k, v] of Object.entries(labels)) vars[`workflow.labels.${k}`] = v;
  for (const [k, v] of Object.entries(annotations)) vars[`workflow.annotations.${k}`] = v;
  vars['workflow.labels'] = JSON.stringify(labels);
  vars['workflow.labels.json'] = vars['workflow.labels'];
  vars['workflow.annotations'] = JSON.stringify(annotations);
  vars['workflow.annotations.json'] = vars['workflow.annotations'];
  const scheduled = annotations[SCHEDULED_TIME_ANNOTATION];
  if (scheduled) vars['workflow.scheduledTime'] = scheduled;
  if (meta.creationTimestamp) {
    const created = new Date(String(meta.creationTimestamp));
    if (!Number.isNaN(created.getTime())) Object.assign(vars, workflowCreationTimestampVars(created));
  }
  const params = spec.arguments?.parameters ?? [];
  for (const p of params) {
    const value = paramValue(p);
    if (value !== undefined) vars[`workflow.parameters.${p.name}`] = value;
  }
  vars['workflow.parameters'] = JSON.stringify(
    params.map((p) => ({ name: p.name, value: paramValue(p) ?? '' })),
  );
  vars['workflow.parameters.json'] = vars['workflow.parameters'];
  for (const p of status.outputs?.parameters ?? []) {
    const value = paramValue(p);
    if (value !== undefined) vars[`workflow.outputs.parameters.${p.name}`] = value;
  }
  for (const a of status.outputs?.artifacts ?? [])
    vars[`workflow.outputs.artifacts.${a.name}`] = artifactRef(a);
  return vars;
}

/** `inputs.parameters.X` and `inputs.parameters` (JSON), from a node's resolved inputs. */
export function inputVars(inputs: NodeStatus['inputs']): Vars {
  const vars: Vars = {};
  const params = inputs?.parameters ?? [];
  for (const p of params) vars[`inputs.parameters.${p.name}`] = paramValue(p) ?? '';
  if (params.length > 0) vars['inputs.parameters'] = JSON.stringify(params);
  for (const a of inputs?.artifacts ?? []) if (a.path) vars[`inputs.artifacts.${a.name}.path`] = a.path;
  inputArtifactVars(inputs?.artifacts, vars);
  return vars;
}

/** `<prefix>.id/status/startedAt/finishedAt/exitCode/outputs.*` for one completed node. */
export function nodeVars(prefix: string, node: NodeStatus, into: Vars): void {
  into[`${prefix}.id`] = node.id;
  into[`${prefix}.status`] = node.phase ?? '';
  if (node.startedAt) into[`${prefix}.startedAt`] = String(node.startedAt);
  if (node.finishedAt) into[`${prefix}.finishedAt`] = String(node.finishedAt);
  if (node.podIP) into[`${prefix}.ip`] = node.podIP;
  const outputs = node.outputs;
  if (!outputs) return;
  if (outputs.exitCode !== undefined) into[`${prefix}.exitCode`] = outputs.exitCode;
  if (outputs.result !== undefined) into[`${prefix}.outputs.result`] = outputs.result;
  const params = outputs.parameters ?? [];
  for (const p of params) into[`${prefix}.outputs.parameters.${p.name}`] = paramValue(p) ?? '';
  if (params.length > 0) into[`${prefix}.outputs.parameters`] = JSON.stringify(params);
  outputArtifactVars(prefix, outputs, into);
}

/** Aggregated outputs of loop children (Argo's processAggregateNodeOutputs). */
export function aggregateVars(prefix: string, children: NodeStatus[], into: Vars): void {
  const results: unknown[] = [];
  const paramList: Record<string, string>[] = [];
  const perParam = new Map<string, string[]>();
  for (const child of children) {
    const outputs = child.outputs;
    if (!outputs) continue;
    const params = outputs.parameters ?? [];
    if (params.length > 0) {
      const entry: Record<string, string> = {};
      for (const p of params) {
        const value = paramValue(p) ?? '';
        entry[p.name] = value;
        const list = perParam.get(p.name) ?? [];
        list.push(value);
        perParam.set(p.name, list);
      }
      paramList.push(sortKeys(entry));
    }
    if (outputs.result !== undefined) results.push(parseJsonOr(outputs.result));
  }
  into[`${prefix}.outputs.result`] = JSON.stringify(results);
  into[`${prefix}.outputs.parameters`] = JSON.stringify(paramList);
  for (const [name, values] of perParam)
    into[`${prefix}.outputs.parameters.${name}`] = JSON.stringify(values);
}

function parseJsonOr(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function sortKeys(obj: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(obj).sort()) out[key] = obj[key] ?? '';
  return out;
}

/** Task or step names referenced as `<scope>.NAME` anywhere in value (to build only the variables needed). */
export function referencedNames(scope: 'steps' | 'tasks', value: unknown): Set<string> {
  const text = JSON.stringify(value ?? null);
  const names = new Set<string>();
  const re = scope === 'steps' ? /steps\.([A-Za-z0-9_-]+)/g : /tasks\.([A-Za-z0-9_-]+)/g;
  for (const m of text.matchAll(re)) if (m[1]) names.add(m[1]);
  const bracket = scope === 'steps' ? /steps\[['"]([^'"]+)['"]\]/g : /tasks\[['"]([^'"]+)['"]\]/g;
  for (const m of text.matchAll(bracket)) if (m[1]) names.add(m[1]);
  return names;
}
