/**
 * The `metrics.prometheus` entries of a Workflow spec or a template, and their static checks
 * (shared by lint and by the controller before it emits anything). Fields holding `{{...}}` tags are
 * checked again once substituted.
 */
import type { FieldPath } from '../spec/index.js';
import type { Template } from '../spec/types.js';

export type PrometheusSpec = NonNullable<Template['metrics']>['prometheus'][number];

/** Every custom metric is exposed under this prefix, as in Argo. */
export const METRIC_PREFIX = 'argo_workflows_';

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_KEY = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** The only values a realtime gauge may have: they are recomputed at every scrape. */
const REALTIME_VALUE = /^\{\{\s*(workflow\.duration|duration)\s*\}\}$/;
const GAUGE_OPERATIONS = new Set(['Set', 'Add', 'Sub']);

export interface MetricProblem {
  path: FieldPath;
  message: string;
}

const hasTag = (v: unknown): boolean => typeof v === 'string' && v.includes('{{');
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function metricNameProblem(name: string): string | undefined {
  if (name === '') return 'metric name is required';
  if (!NAME.test(name)) {
    return `metric name "${name}" is invalid: use only letters, digits, "_" and ":" (not starting with a digit)`;
  }
  return undefined;
}

export function labelKeyProblem(key: string): string | undefined {
  if (!LABEL_KEY.test(key)) {
    return `metric label key "${key}" is invalid: use only letters, digits and "_" (not starting with a digit)`;
  }
  return undefined;
}

/** The type of a metric: exactly one of gauge, counter and histogram. */
export function metricType(m: PrometheusSpec): 'gauge' | 'counter' | 'histogram' | undefined {
  const types = (['gauge', 'counter', 'histogram'] as const).filter(
    (t) => m[t] !== undefined && m[t] !== null,
  );
  return types.length === 1 ? types[0] : undefined;
}

/** Problems of one metric definition at `path` (e.g. `spec.templates[2].metrics.prometheus[0]`). */
export function metricSpecProblems(value: unknown, path: FieldPath): MetricProblem[] {
  const out: MetricProblem[] = [];
  const report = (sub: FieldPath, message: string) => out.push({ path: [...path, ...sub], message });
  if (!isRecord(value)) return [{ path, message: 'a metric must be an object' }];
  const m = value as unknown as PrometheusSpec;
  const name = typeof m.name === 'string' ? m.name : '';
  if (!hasTag(name)) {
    const problem = metricNameProblem(name);
    if (problem) report(['name'], problem);
  }
  if (typeof m.help !== 'string' || m.help.trim() === '')
    report(['help'], `metric "${name}" needs a help text`);
  const type = metricType(m);
  if (!type) {
    report([], `metric "${name}" must have exactly one of gauge, counter and histogram`);
  } else {
    const body = m[type] as unknown as Record<string, unknown>;
    const v = body.value;
    if (v === undefined || v === null || v === '')
      report([type, 'value'], `metric "${name}" needs a ${type}.value`);
    else if (!hasTag(v) && !Number.isFinite(Number(v))) {
      report([type, 'value'], `metric "${name}": ${type}.value "${String(v)}" is not a number`);
    }
  }
  const gauge = m.gauge;
  if (type === 'gauge' && gauge) {
    if (gauge.realtime && !REALTIME_VALUE.test(String(gauge.value ?? ''))) {
      report(
        ['gauge', 'value'],
        `metric "${name}": a realtime gauge's value must be "{{duration}}" or "{{workflow.duration}}"`,
      );
    }
    const op = (gauge as { operation?: unknown }).operation;
    if (op !== undefined && !GAUGE_OPERATIONS.has(String(op))) {
      report(['gauge', 'operation'], `metric "${name}": gauge.operation must be Set, Add or Sub`);
    }
  }
  if (type === 'histogram') {
    const buckets = m.histogram?.buckets ?? [];
    if (buckets.length === 0) report(['histogram', 'buckets'], `histogram "${name}" needs buckets`);
    buckets.forEach((b, i) => {
      const n = Number(b);
      if (!Number.isFinite(n))
        report(['histogram', 'buckets', i], `histogram "${name}": bucket ${String(b)} is not a number`);
      else if (i > 0 && !(n > Number(buckets[i - 1]))) {
        report(['histogram', 'buckets', i], `histogram "${name}": buckets must be in increasing order`);
      }
    });
  }
  (m.labels ?? []).forEach((label, i) => {
    const key = typeof label?.key === 'string' ? label.key : '';
    if (!hasTag(key)) {
      const problem = labelKeyProblem(key);
      if (problem) report(['labels', i, 'key'], problem);
    }
    if (typeof label?.value !== 'string' || label.value === '') {
      report(['labels', i, 'value'], `metric "${name}": label "${key}" needs a value`);
    }
  });
  return out;
}

/** Problems of a `metrics:` block (`{prometheus: [...]}`) at `path`. */
export function metricsBlockProblems(value: unknown, path: FieldPath): MetricProblem[] {
  if (value === undefined || value === null) return [];
  if (!isRecord(value) || !Array.isArray(value.prometheus)) {
    return [{ path, message: 'metrics must hold a "prometheus" list' }];
  }
  return value.prometheus.flatMap((m, i) => metricSpecProblems(m, [...path, 'prometheus', i]));
}
