/**
 * Custom metric values from a workflow's status, pure (the time is given): what a completed node or
 * workflow emits, and the realtime gauges a running one holds. Variables are Argo's
 * (docs/variables.md, "Metrics"): `{{status}}`, `{{duration}}`, `{{exitCode}}`, `{{inputs.parameters.*}}`,
 * `{{outputs.parameters.*}}`, `{{outputs.result}}`, `{{resourcesDuration.*}}` for templates;
 * `{{workflow.status}}`, `{{workflow.duration}}` and the other `workflow.*` globals everywhere.
 */
import { effectiveSpec } from '../engine/index.js';
import { substituteText, type Vars } from '../engine/substitution.js';
import { resolveTemplate, templateMap } from '../engine/templates.js';
import { inputVars, paramValue, workflowVars } from '../engine/vars.js';
import { evaluateWhen } from '../expr/index.js';
import type { NodeStatus, Template, Workflow } from '../spec/types.js';
import {
  labelKeyProblem,
  METRIC_PREFIX,
  metricNameProblem,
  metricSpecProblems,
  metricType,
  type PrometheusSpec,
} from './metric-spec.js';

export type MetricKind = 'gauge' | 'counter' | 'histogram';

/** One value to record: set a gauge, add to a counter, observe in a histogram. */
export interface MetricSample {
  /** With the `argo_workflows_` prefix. */
  name: string;
  help: string;
  kind: MetricKind;
  labels: Record<string, string>;
  value: number;
  /** Gauges only: Set (default), Add or Sub. */
  operation?: 'Set' | 'Add' | 'Sub';
  buckets?: number[];
}

/** A realtime gauge: its value is the seconds since `startedAtMs`, at every scrape, until it completes. */
export interface RealtimeGauge {
  name: string;
  help: string;
  labels: Record<string, string>;
  startedAtMs: number;
}

export interface MetricEvaluation {
  samples: MetricSample[];
  realtime: RealtimeGauge[];
  /** Metrics that could not be emitted, each naming where it is defined and why. */
  errors: string[];
}

const COMPLETED = new Set(['Succeeded', 'Failed', 'Error']);

export function isCompleted(phase: string | undefined): boolean {
  return COMPLETED.has(phase ?? '');
}

function seconds(from: unknown, to: number): number {
  const start = Date.parse(String(from ?? ''));
  return Number.isNaN(start) ? 0 : Math.max(0, (to - start) / 1000);
}

function endOf(finishedAt: unknown, nowMs: number): number {
  const t = Date.parse(String(finishedAt ?? ''));
  return Number.isNaN(t) ? nowMs : t;
}

/** `workflow.*` variables, with the status-dependent ones. */
export function workflowMetricVars(wf: Workflow, nowMs: number): Vars {
  const status = wf.status ?? {};
  const vars = workflowVars(wf, status);
  vars['workflow.status'] = status.phase ?? 'Pending';
  vars['workflow.duration'] = String(seconds(status.startedAt, endOf(status.finishedAt, nowMs)));
  return vars;
}

/** The variables of a node's template-level metrics. */
export function nodeMetricVars(wf: Workflow, node: NodeStatus, nowMs: number): Vars {
  const vars: Vars = { ...workflowMetricVars(wf, nowMs), ...inputVars(node.inputs) };
  vars.status = node.phase ?? '';
  vars.duration = String(seconds(node.startedAt, endOf(node.finishedAt, nowMs)));
  const outputs = node.outputs;
  if (outputs?.exitCode !== undefined) vars.exitCode = String(outputs.exitCode);
  if (outputs?.result !== undefined) vars['outputs.result'] = outputs.result;
  for (const p of outputs?.parameters ?? []) vars[`outputs.parameters.${p.name}`] = paramValue(p) ?? '';
  // Not recorded by the runtime: Argo's default for a pod without requests (1 CPU, 100Mi, the units
  // of resourcesDuration) makes both the whole seconds it ran.
  const recorded = node.resourcesDuration ?? {};
  const resources =
    Object.keys(recorded).length > 0 || node.type !== 'Pod'
      ? recorded
      : { cpu: Math.round(Number(vars.duration)), memory: Math.round(Number(vars.duration)) };
  for (const [resource, amount] of Object.entries(resources)) {
    vars[`resourcesDuration.${resource}`] = String(amount);
  }
  return vars;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

interface Resolved {
  name: string;
  help: string;
  labels: Record<string, string>;
}

/** Name, help and labels with their tags substituted, checked again. */
function resolveIdentity(m: PrometheusSpec, vars: Vars): Resolved {
  const name = substituteText(m.name, vars);
  const nameProblem = metricNameProblem(name);
  if (nameProblem) throw new Error(nameProblem);
  const labels: Record<string, string> = {};
  for (const label of m.labels ?? []) {
    const key = substituteText(label.key, vars);
    const keyProblem = labelKeyProblem(key);
    if (keyProblem) throw new Error(keyProblem);
    labels[key] = substituteText(label.value, vars);
  }
  return { name: `${METRIC_PREFIX}${name}`, help: substituteText(m.help, vars), labels };
}

function numberOf(text: string, what: string): number {
  const n = text.trim() === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(n)) throw new Error(`${what} "${text}" is not a number`);
  return n;
}

/**
 * The samples of `specs` with `vars`, defined at `where` (for messages). Realtime gauges are left out
 * unless `final` (their completed value is then an ordinary Set).
 */
export function evaluateMetrics(
  specs: readonly PrometheusSpec[],
  vars: Vars,
  where: string,
  final = true,
): MetricEvaluation {
  const out: MetricEvaluation = { samples: [], realtime: [], errors: [] };
  specs.forEach((m, i) => {
    const at = `${where}.metrics.prometheus[${i}]`;
    const problems = metricSpecProblems(m, []);
    if (problems.length > 0) {
      out.errors.push(`${at}: ${problems[0]?.message}`);
      return;
    }
    if (m.gauge?.realtime && !final) return;
    try {
      if (m.when && !evaluateWhen(substituteText(m.when, vars))) return;
      const id = resolveIdentity(m, vars);
      const kind = metricType(m) as MetricKind;
      const body = m[kind] as { value: string };
      const value = numberOf(substituteText(String(body.value), vars), `${kind}.value`);
      const sample: MetricSample = { ...id, kind, value };
      if (kind === 'gauge')
        sample.operation = (m.gauge as { operation?: MetricSample['operation'] }).operation;
      if (kind === 'histogram') sample.buckets = (m.histogram?.buckets ?? []).map(Number);
      out.samples.push(sample);
    } catch (err) {
      out.errors.push(`${at} (${m.name}): ${message(err)}`);
    }
  });
  return out;
}

/** Realtime gauges of `specs` started at `startedAt`. */
export function evaluateRealtime(
  specs: readonly PrometheusSpec[],
  vars: Vars,
  startedAt: unknown,
  where: string,
): MetricEvaluation {
  const out: MetricEvaluation = { samples: [], realtime: [], errors: [] };
  const startedAtMs = Date.parse(String(startedAt ?? ''));
  if (Number.isNaN(startedAtMs)) return out;
  specs.forEach((m, i) => {
    if (!m.gauge?.realtime || metricSpecProblems(m, []).length > 0) return;
    try {
      if (m.when && !evaluateWhen(substituteText(m.when, vars))) return;
      out.realtime.push({ ...resolveIdentity(m, vars), startedAtMs });
    } catch (err) {
      out.errors.push(`${where}.metrics.prometheus[${i}] (${m.name}): ${message(err)}`);
    }
  });
  return out;
}

/** The workflow-level metric definitions (`spec.metrics`, over a referenced WorkflowTemplate's). */
export function workflowMetricSpecs(wf: Workflow): PrometheusSpec[] {
  return effectiveSpec(wf).metrics?.prometheus ?? [];
}

/** The template a node ran, when it can be found and defines metrics. */
export function nodeTemplate(wf: Workflow, node: NodeStatus): Template | undefined {
  if (!node.templateName && !node.templateRef) return undefined;
  const spec = effectiveSpec(wf);
  const found = resolveTemplate(
    templateMap(spec),
    spec,
    wf.status ?? {},
    { template: node.templateName, templateRef: node.templateRef },
    node.templateRef ? undefined : node.templateScope || undefined,
  );
  return typeof found === 'string' ? undefined : found;
}

/** What a workflow emits once it has completed. */
export function workflowCompletionMetrics(wf: Workflow, nowMs: number): MetricEvaluation {
  return evaluateMetrics(workflowMetricSpecs(wf), workflowMetricVars(wf, nowMs), 'spec');
}

/** What a node emits once it has completed (its template's metrics). */
export function nodeCompletionMetrics(wf: Workflow, node: NodeStatus, nowMs: number): MetricEvaluation {
  const specs = nodeTemplate(wf, node)?.metrics?.prometheus ?? [];
  if (specs.length === 0) return { samples: [], realtime: [], errors: [] };
  return evaluateMetrics(specs, nodeMetricVars(wf, node, nowMs), `template ${node.templateName ?? ''}`);
}
