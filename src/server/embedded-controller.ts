/**
 * The controller a server runs beside its API: the workflow controller over the server's store with
 * the host runtime, limited to the server's namespace / instance id, reporting to its metrics.
 */
import { LABEL_CONTROLLER_INSTANCE } from '../api/index.js';
import { artifactWiring } from '../controller/artifact-wiring.js';
import { newHolderId } from '../controller/lease-keeper.js';
import { WorkflowController } from '../controller/workflow-controller.js';
import { CronController } from '../cron/cron-controller.js';
import { MetricsRecorder } from '../metrics/index.js';
import { type RuntimeName, selectRuntime } from '../runtime/select-runtime.js';
import type { Workflow } from '../spec/types.js';
import type { Store } from '../store/index.js';
import type { WorkflowDefaults } from '../templates/workflow-defaults.js';
import type { ServerMetrics } from './metrics.js';

export interface EmbeddedControllerOptions {
  store: Store;
  home: string;
  /** host (default), container or auto: see runtime/select-runtime.ts. */
  runtime?: RuntimeName;
  managedNamespace?: string;
  instanceId?: string;
  metrics?: ServerMetrics;
  log?: (message: string) => void;
  workers?: number;
  leaseTtlMs?: number;
  /** The controller configuration's workflowDefaults, for the Workflows CronWorkflows create. */
  workflowDefaults?: WorkflowDefaults;
}

export interface RunningController {
  controller: WorkflowController;
  stop(): Promise<void>;
}

export async function startEmbeddedController(opts: EmbeddedControllerOptions): Promise<RunningController> {
  const wiring = artifactWiring(opts.store, opts.home);
  const selected = await selectRuntime(
    opts.home,
    opts.store,
    opts.log,
    { ...process.env, ARGOSY_RUNTIME: opts.runtime ?? 'host' },
    wiring.artifacts,
  );
  const { runtime } = selected;
  const accepts = (wf: Workflow) => {
    if (opts.managedNamespace && wf.metadata.namespace !== opts.managedNamespace) return false;
    const label = wf.metadata.labels?.[LABEL_CONTROLLER_INSTANCE];
    // As Argo: with an instance id only labelled workflows; without one only unlabelled workflows.
    return opts.instanceId ? label === opts.instanceId : label === undefined;
  };
  const controller = new WorkflowController({
    store: opts.store,
    runtime,
    holder: newHolderId(),
    log: opts.log,
    lostPodPolicy: 'restart',
    ...wiring.controllerOptions,
    workers: opts.workers,
    leaseTtlMs: opts.leaseTtlMs,
    accepts,
    onReconciled: (ms) => opts.metrics?.operationDuration.observe(ms / 1000),
    metrics: opts.metrics && new MetricsRecorder({ registry: opts.metrics.custom, log: opts.log }),
  });
  opts.metrics?.attachController({
    queueDepth: () => controller.queueDepth(),
    runningPods: () => runtime.running().length,
  });
  await controller.start();
  // A server schedules CronWorkflows too; a lease per CronWorkflow keeps replicas from running one twice.
  const cron = new CronController({
    store: opts.store,
    holder: newHolderId(),
    log: opts.log,
    workflowDefaults: opts.workflowDefaults,
  });
  await cron.start();
  return {
    controller,
    stop: async () => {
      await cron.stop();
      await controller.stop(() => selected.close());
    },
  };
}
