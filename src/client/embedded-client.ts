/** The WorkflowClient over the embedded store, through the same resource service a server uses. */

import { admit } from '../api/admission.js';
import {
  ArchivedWorkflows,
  type LogEntry,
  ResourceService,
  type SubmitOptions,
  streamWorkflowLogs,
  type VerbOptions,
  WorkflowActions,
  type WorkflowVerb,
} from '../api/index.js';
import { deleteOnEmbeddedStore } from '../cli/artifact-gc-on-deletion.js';
import { spawnBackgroundController, startController } from '../cli/run-controller.js';
import { loadControllerConfig, type WorkflowDefaults } from '../config/index.js';
import type { Workflow } from '../spec/types.js';
import type { Store } from '../store/index.js';
import type { DeletionResult, LogRequest, WorkflowClient } from './workflow-client.js';

export class EmbeddedClient implements WorkflowClient {
  readonly mode = 'embedded';
  private readonly resources: ResourceService;
  private readonly actions: WorkflowActions;
  private readonly archive: ArchivedWorkflows;
  private defaults: { value: WorkflowDefaults | undefined } | undefined;

  constructor(
    readonly store: Store,
    private readonly home: string,
  ) {
    this.resources = new ResourceService(store, { workflowDefaults: () => this.workflowDefaults() });
    this.actions = new WorkflowActions(this.resources);
    this.archive = new ArchivedWorkflows(store);
  }

  async createWorkflow(
    namespace: string,
    wf: Workflow,
    templates: Array<Record<string, unknown>> = [],
  ): Promise<Workflow> {
    const admitted = await admit<Workflow>(this.store, {
      kind: 'Workflow',
      namespace,
      body: wf,
      field: 'workflow',
      templates,
      workflowDefaults: this.workflowDefaults(),
    });
    return this.store.create(admitted);
  }

  /** From $ARGOSY_HOME/config.yaml or --config (ARGOSY_CONFIG), read once, when first needed. */
  private workflowDefaults(): WorkflowDefaults | undefined {
    if (this.defaults === undefined) {
      this.defaults = {
        value: loadControllerConfig(this.home, process.env.ARGOSY_CONFIG || undefined).workflowDefaults,
      };
    }
    return this.defaults.value;
  }

  submitFrom(namespace: string, kind: string, name: string, options: SubmitOptions): Promise<Workflow> {
    return this.actions.submitFrom(namespace, kind, name, options);
  }

  getWorkflow(namespace: string, name: string): Promise<Workflow> {
    return this.resources.get<Workflow>('Workflow', namespace, name);
  }

  async listWorkflows(
    namespace: string | undefined,
    options: { labelSelector?: string } = {},
  ): Promise<Workflow[]> {
    const { items } = await this.resources.list<Workflow>('Workflow', {
      namespace,
      labelSelector: options.labelSelector,
      withNodes: false,
    });
    return items;
  }

  deleteWorkflow(
    namespace: string,
    name: string,
    options: { force?: boolean } = {},
  ): Promise<DeletionResult> {
    this.resources.checkNamespace(namespace);
    return deleteOnEmbeddedStore(
      { home: this.home, namespace, store: this.store },
      name,
      options.force === true,
    );
  }

  applyVerb(namespace: string, name: string, verb: WorkflowVerb, options?: VerbOptions): Promise<Workflow> {
    return this.actions.apply(namespace, name, verb, options);
  }

  async resubmitWorkflow(namespace: string, name: string): Promise<Workflow> {
    return this.actions.resubmit(await this.getWorkflow(namespace, name));
  }

  streamLogs(request: LogRequest, onEntry: (entry: LogEntry) => void): Promise<void> {
    return streamWorkflowLogs(this.store, { ...request, workflow: request.workflow }, onEntry);
  }

  async waitForCompletion(
    namespace: string,
    name: string,
    onChange?: (wf: Workflow) => void,
  ): Promise<Workflow> {
    const running = await startController({ home: this.home, store: this.store }, (m) =>
      process.stderr.write(`controller: ${m}\n`),
    );
    let unwatch: (() => void) | undefined;
    if (onChange) {
      unwatch = await this.store.watch<Workflow>(
        'Workflow',
        { namespace, fieldSelector: `metadata.name=${name}` },
        (e) => onChange(e.object),
      );
    }
    // Ctrl-C stops following, not the workflow (as with `argo submit --wait`): this process's steps are
    // stopped and a background controller starts them again and runs the workflow to its end.
    const stopOnSignal = (signal: NodeJS.Signals) => {
      process.stderr.write(
        `\nargosy: stopped following ${name}; it goes on in the background (argosy watch ${name})\n`,
      );
      void running
        .stop()
        .then(() => spawnBackgroundController(this.home))
        .finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    };
    process.once('SIGINT', stopOnSignal);
    process.once('SIGTERM', stopOnSignal);
    try {
      await running.controller.whenCompleted(namespace, name);
      return await this.store.get<Workflow>('Workflow', namespace, name);
    } finally {
      process.off('SIGINT', stopOnSignal);
      process.off('SIGTERM', stopOnSignal);
      unwatch?.();
      await running.stop();
    }
  }

  afterChange(): void {
    spawnBackgroundController(this.home);
  }

  async listArchived(namespace: string | undefined): Promise<Workflow[]> {
    return (await this.archive.list({ namespace })).items;
  }

  getArchived(uid: string): Promise<Workflow> {
    return this.archive.get(uid);
  }

  deleteArchived(uid: string): Promise<void> {
    return this.archive.delete(uid);
  }

  async resubmitArchived(uid: string): Promise<Workflow> {
    return this.actions.resubmit(await this.archive.get(uid));
  }

  retryArchived(uid: string): Promise<Workflow> {
    return this.archive.retry(uid, undefined, {});
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
