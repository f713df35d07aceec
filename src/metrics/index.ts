/**
 * metrics/: custom Prometheus metrics (`metrics.prometheus` on a Workflow spec and its templates):
 * definitions and their checks, pure computation from node status, a per-process registry, and the
 * text format served on /metrics.
 */
export {
  evaluateMetrics,
  type MetricEvaluation,
  type MetricSample,
  nodeCompletionMetrics,
  type RealtimeGauge,
  workflowCompletionMetrics,
} from './compute-metrics.js';
export { CustomMetricsRegistry } from './custom-metrics-registry.js';
export {
  METRIC_PREFIX,
  type MetricProblem,
  metricSpecProblems,
  metricsBlockProblems,
} from './metric-spec.js';
export { MetricsRecorder, type MetricsSink } from './metrics-recorder.js';
export { renderPrometheusText } from './prometheus-text.js';
