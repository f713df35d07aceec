/**
 * /metrics in Prometheus text format (prom-client), with Argo's controller metric names where Argo
 * has one: workflows by phase (`argo_workflows_gauge{phase}`, and the older
 * `argo_workflows_count{status}`), the work queue depth (`argo_workflows_queue_depth_gauge`),
 * reconcile durations (`argo_workflows_operation_duration_seconds`), pods by phase
 * (`argo_workflows_pods_gauge`), plus the API's request durations and Node's process metrics.
 * The workflows' custom metrics (`metrics.prometheus`, src/metrics) follow, as recorded by this
 * process's controller: with several replicas, each exposes the metrics of the workflows it ran.
 */
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { CustomMetricsRegistry } from '../metrics/index.js';
import type { Workflow } from '../spec/types.js';
import type { Store } from '../store/index.js';

const PHASES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Error'];

export interface ControllerProbe {
  /** Keys waiting in the work queue. */
  queueDepth(): number;
  /** Pods this process runs now. */
  runningPods(): number;
}

export class ServerMetrics {
  readonly registry = new Registry();
  readonly operationDuration: Histogram;
  readonly requestDuration: Histogram<'method' | 'route' | 'code'>;
  /** Custom metrics of the workflows this process's controller runs. */
  readonly custom: CustomMetricsRegistry;
  private probe: ControllerProbe | undefined;

  constructor(store: Store) {
    collectDefaultMetrics({ register: this.registry });
    const countByPhase = async () => {
      const counts = new Map<string, number>(PHASES.map((p) => [p, 0]));
      let cont: string | undefined;
      do {
        const page = await store.list<Workflow>('Workflow', {
          withNodes: false,
          limit: 1000,
          continue: cont,
        });
        for (const wf of page.items) {
          const phase = wf.status?.phase || 'Pending';
          counts.set(phase, (counts.get(phase) ?? 0) + 1);
        }
        cont = page.continue;
      } while (cont);
      return counts;
    };
    let pending: Promise<Map<string, number>> | undefined;
    // Both gauges are filled from one scan per scrape.
    const once = () => {
      pending ??= countByPhase().finally(() => setTimeout(() => (pending = undefined), 0));
      return pending;
    };
    new Gauge({
      name: 'argo_workflows_gauge',
      help: 'Number of workflows by phase',
      labelNames: ['phase'],
      registers: [this.registry],
      async collect() {
        for (const [phase, n] of await once()) this.set({ phase }, n);
      },
    });
    new Gauge({
      name: 'argo_workflows_count',
      help: 'Number of workflows by status (Argo 3.5 name)',
      labelNames: ['status'],
      registers: [this.registry],
      async collect() {
        for (const [status, n] of await once()) this.set({ status }, n);
      },
    });
    const probe = () => this.probe;
    new Gauge({
      name: 'argo_workflows_queue_depth_gauge',
      help: 'Depth of the workflow work queue',
      labelNames: ['queue_name'],
      registers: [this.registry],
      collect() {
        this.set({ queue_name: 'workflow_queue' }, probe()?.queueDepth() ?? 0);
      },
    });
    new Gauge({
      name: 'argo_workflows_pods_gauge',
      help: 'Pods run by this controller, by phase',
      labelNames: ['phase'],
      registers: [this.registry],
      collect() {
        this.set({ phase: 'Running' }, probe()?.runningPods() ?? 0);
      },
    });
    this.operationDuration = new Histogram({
      name: 'argo_workflows_operation_duration_seconds',
      help: 'Duration of one reconcile of a workflow',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.requestDuration = new Histogram({
      name: 'argosy_api_request_duration_seconds',
      help: 'Duration of API requests (streams: until the stream started)',
      labelNames: ['method', 'route', 'code'],
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
      registers: [this.registry],
    });
    this.custom = new CustomMetricsRegistry(new Set(this.registry.getMetricsAsArray().map((m) => m.name)));
  }

  /** Everything, in Prometheus text format. */
  async render(): Promise<string> {
    const builtIn = await this.registry.metrics();
    return builtIn + this.custom.render(Date.now());
  }

  attachController(probe: ControllerProbe): void {
    this.probe = probe;
  }
}
