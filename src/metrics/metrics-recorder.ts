/**
 * Decides when custom metrics are emitted, as Argo does: a template's metrics once its node completes,
 * the workflow's once the workflow completes, realtime gauges from the moment their node or workflow
 * runs. The controller calls `afterReconcile` with each status it writes; nothing is emitted twice for
 * one completion. State is per process: with several controllers each exposes what it recorded.
 */
import type { NodeStatus, Workflow } from '../spec/types.js';
import {
  evaluateRealtime,
  isCompleted,
  type MetricEvaluation,
  nodeCompletionMetrics,
  nodeMetricVars,
  nodeTemplate,
  workflowCompletionMetrics,
  workflowMetricSpecs,
  workflowMetricVars,
} from './compute-metrics.js';
import type { CustomMetricsRegistry } from './custom-metrics-registry.js';

export interface MetricsRecorderOptions {
  registry: CustomMetricsRegistry;
  now?: () => number;
  log?: (message: string) => void;
}

/** What the workflow controller needs: see WorkflowController's `metrics` option. */
export interface MetricsSink {
  afterReconcile(wf: Workflow, changedNodeIds: readonly string[]): void;
  forget(namespace: string, name: string): void;
}

export class MetricsRecorder implements MetricsSink {
  /** Per workflow (`ns/name`): what was already emitted (`done:<node>`, `live:<node>`, `wf:...`). */
  private readonly emitted = new Map<string, Set<string>>();
  private readonly now: () => number;

  constructor(private readonly options: MetricsRecorderOptions) {
    this.now = options.now ?? Date.now;
  }

  afterReconcile(wf: Workflow, changedNodeIds: readonly string[]): void {
    const key = `${wf.metadata.namespace ?? ''}/${wf.metadata.name ?? ''}`;
    const status = wf.status ?? {};
    const nowMs = this.now();
    let done = this.emitted.get(key);
    const once = (id: string): boolean => {
      done ??= new Set();
      this.emitted.set(key, done);
      if (done.has(id)) return false;
      done.add(id);
      return true;
    };
    const wfSpecs = workflowMetricSpecs(wf);
    if (wfSpecs.length > 0 && status.phase === 'Running' && once('wf:live')) {
      this.apply(key, evaluateRealtime(wfSpecs, workflowMetricVars(wf, nowMs), status.startedAt, 'spec'));
    }
    for (const id of changedNodeIds) {
      const node = status.nodes?.[id];
      if (!node || isRetryChild(wf, node)) continue;
      const specs = nodeTemplate(wf, node)?.metrics?.prometheus;
      if (!specs || specs.length === 0) continue;
      if (node.phase === 'Running' && once(`live:${id}`)) {
        const vars = nodeMetricVars(wf, node, nowMs);
        this.apply(key, evaluateRealtime(specs, vars, node.startedAt, `template ${node.templateName ?? ''}`));
      }
      if (isCompleted(node.phase) && once(`done:${id}`))
        this.apply(key, nodeCompletionMetrics(wf, node, nowMs));
    }
    if (isCompleted(status.phase)) {
      if (wfSpecs.length > 0 && once('wf:done')) this.apply(key, workflowCompletionMetrics(wf, nowMs));
      this.emitted.delete(key);
    }
  }

  forget(namespace: string, name: string): void {
    this.emitted.delete(`${namespace}/${name}`);
  }

  private apply(key: string, evaluation: MetricEvaluation): void {
    const { registry, log } = this.options;
    const errors = [...evaluation.errors];
    for (const gauge of evaluation.realtime) {
      const refused = registry.startRealtime(gauge);
      if (refused) errors.push(refused);
    }
    for (const sample of evaluation.samples) {
      const refused = registry.record(sample);
      if (refused) errors.push(refused);
    }
    for (const e of errors) log?.(`metrics of workflow ${key}: ${e}`);
  }
}

/** A retry attempt: its metrics are emitted once, by the Retry node that holds the attempts. */
function isRetryChild(wf: Workflow, node: NodeStatus): boolean {
  if (node.type === 'Retry') return false;
  for (const other of Object.values(wf.status?.nodes ?? {})) {
    if (other.type === 'Retry' && other.children?.includes(node.id)) return true;
  }
  return false;
}
