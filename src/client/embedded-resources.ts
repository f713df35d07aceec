/** The ResourceClient over the embedded store at $ARGOSY_HOME. */
import { applyDataResource } from '../api/apply-data.js';
import type { ArtifactLocation } from '../artifacts/location.js';
import { loadControllerConfig } from '../config/index.js';
import { storeSecretReader } from '../controller/secret-reader.js';
import { ConflictError } from '../errors/index.js';
import { dispatchEvent } from '../events/dispatch-event.js';
import { executorServices, loadNodeArtifacts } from '../executor/index.js';
import type { CronWorkflow, Workflow } from '../spec/types.js';
import type { GetOptions, ListOptions, ListResult, Resource, Store } from '../store/index.js';
import type { ArtifactTarget, DataResource, EventOutcome, ResourceClient } from './resource-client.js';

const RETRIES = 20;

export class EmbeddedResources implements ResourceClient {
  constructor(
    private readonly store: Store,
    private readonly home: string,
  ) {}

  get<T extends Resource>(kind: string, namespace: string, name: string, options?: GetOptions): Promise<T> {
    return this.store.get<T>(kind, namespace, name, options);
  }

  list<T extends Resource>(kind: string, options?: ListOptions): Promise<ListResult<T>> {
    return this.store.list<T>(kind, options);
  }

  create<T extends Resource>(obj: T): Promise<T> {
    return this.store.create(obj);
  }

  delete(kind: string, namespace: string, name: string): Promise<void> {
    return this.store.delete(kind, namespace, name);
  }

  async setCronSuspend(namespace: string, name: string, suspend: boolean): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const cron = await this.store.get<CronWorkflow>('CronWorkflow', namespace, name);
      try {
        await this.store.update<CronWorkflow>({ ...cron, spec: { ...cron.spec, suspend } });
        return;
      } catch (err) {
        if (!(err instanceof ConflictError) || attempt >= RETRIES) throw err;
      }
    }
  }

  async sendEvent(
    namespace: string,
    discriminator: string,
    payload: unknown,
    metadata: Record<string, string[]>,
  ): Promise<EventOutcome> {
    const { workflowDefaults } = loadControllerConfig(this.home, process.env.ARGOSY_CONFIG || undefined);
    const result = await dispatchEvent(this.store, namespace, discriminator, payload, metadata, {
      workflowDefaults,
    });
    return { submitted: result.submitted.map((wf) => wf.metadata.name ?? ''), errors: result.errors };
  }

  applyData(desired: DataResource): Promise<'created' | 'configured'> {
    return applyDataResource(this.store, desired);
  }

  async downloadArtifacts(wf: Workflow, targets: ArtifactTarget[]): Promise<void> {
    const config = loadControllerConfig(this.home, process.env.ARGOSY_CONFIG || undefined);
    const services = executorServices({ home: this.home, secrets: storeSecretReader(this.store) });
    await loadNodeArtifacts(
      {
        workflow: wf,
        artifacts: targets.map(({ artifact, dest }) => ({ artifact, dest })),
        ...(config.artifactRepository
          ? { defaultRepository: config.artifactRepository as ArtifactLocation }
          : {}),
      },
      services,
    );
  }
}
