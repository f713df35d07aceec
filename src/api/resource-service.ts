/**
 * The resource service (ARCHITECTURE.md: api/): create/get/list/watch/update/delete of the served
 * kinds with admission, over any Store. The server's routes and the embedded CLI client both go
 * through it, so a workflow is checked and defaulted the same way whichever way it arrives.
 */
import { ConflictError, ValidationError } from '../errors/index.js';
import { isDns1123Subdomain } from '../spec/index.js';
import type {
  ListOptions,
  ListResult,
  Resource,
  Store,
  Unsubscribe,
  WatchEvent,
  WatchOptions,
} from '../store/index.js';
import type { WorkflowDefaults } from '../templates/workflow-defaults.js';
import { admit } from './admission.js';
import { LABEL_CONTROLLER_INSTANCE, type ServedKind } from './api-kinds.js';

export interface ResourceServiceOptions {
  /** Workflows created get the `controller-instanceid` label (Argo's --instanceid). */
  instanceId?: string;
  /** Only this namespace is served (Argo's --namespaced / --managed-namespace). */
  managedNamespace?: string;
  /**
   * The controller configuration's workflowDefaults, merged under every Workflow admitted. A function,
   * so that a CLI reads the configuration file only when it creates a Workflow.
   */
  workflowDefaults?: () => WorkflowDefaults | undefined;
}

export interface WriteOptions {
  /** Admission only: nothing is stored (Argo's serverDryRun / createOptions.dryRun). */
  dryRun?: boolean;
}

/** Where an object travels in the request body: `workflow`, `template`, `cronWorkflow`... */
export const BODY_FIELD: Record<ServedKind, string> = {
  Workflow: 'workflow',
  WorkflowTemplate: 'template',
  ClusterWorkflowTemplate: 'template',
  CronWorkflow: 'cronWorkflow',
  WorkflowEventBinding: 'binding',
};

export class ResourceService {
  constructor(
    readonly store: Store,
    readonly options: ResourceServiceOptions = {},
  ) {}

  /** Refuses a namespace this service does not serve; '' (cluster scope) always passes. */
  checkNamespace(namespace: string): void {
    if (namespace !== '' && !isDns1123Subdomain(namespace)) {
      throw new ValidationError('namespace', `"${namespace}" is not a valid namespace name`);
    }
    const managed = this.options.managedNamespace;
    if (managed && namespace !== '' && namespace !== managed) {
      throw new ValidationError(
        'namespace',
        `this server manages namespace "${managed}" only, not "${namespace}"`,
      );
    }
  }

  /** Admission alone: the object as it would be stored. */
  async lint<T extends Resource>(kind: ServedKind, namespace: string, body: unknown): Promise<T> {
    this.checkNamespace(namespace);
    return admit<T>(this.store, {
      kind,
      namespace,
      body,
      field: BODY_FIELD[kind],
      workflowDefaults: kind === 'Workflow' ? this.options.workflowDefaults?.() : undefined,
    });
  }

  async create<T extends Resource>(
    kind: ServedKind,
    namespace: string,
    body: unknown,
    options: WriteOptions = {},
  ): Promise<T> {
    const obj = await this.lint<T>(kind, namespace, body);
    if (kind === 'Workflow' && this.options.instanceId) {
      obj.metadata.labels = {
        ...(obj.metadata.labels ?? {}),
        [LABEL_CONTROLLER_INSTANCE]: this.options.instanceId,
      };
    }
    if (options.dryRun) return obj;
    return this.store.create(obj);
  }

  async get<T extends Resource>(kind: ServedKind, namespace: string, name: string): Promise<T> {
    this.checkNamespace(namespace);
    return this.store.get<T>(kind, namespace, name);
  }

  async list<T extends Resource>(kind: ServedKind, options: ListOptions): Promise<ListResult<T>> {
    this.checkNamespace(options.namespace ?? '');
    const namespace = options.namespace || this.options.managedNamespace;
    return this.store.list<T>(kind, { ...options, namespace });
  }

  /**
   * Replaces an object with the admitted body. Without metadata.resourceVersion the update is
   * unconditional (as Kubernetes does for custom resources); with one, a stale version is a 409.
   */
  async update<T extends Resource>(
    kind: ServedKind,
    namespace: string,
    name: string,
    body: unknown,
  ): Promise<T> {
    const obj = await this.lint<T>(kind, namespace, body);
    if (obj.metadata.name !== undefined && obj.metadata.name !== name) {
      throw new ValidationError(
        `${BODY_FIELD[kind]}.metadata.name`,
        `"${obj.metadata.name}" does not match the name in the path ("${name}")`,
      );
    }
    const current = await this.store.get<T>(kind, namespace, name, { withNodes: false });
    obj.metadata = {
      ...obj.metadata,
      name,
      uid: current.metadata.uid,
      creationTimestamp: current.metadata.creationTimestamp,
      resourceVersion: obj.metadata.resourceVersion || current.metadata.resourceVersion,
    };
    const withStatus = obj as T & { status?: unknown };
    const currentStatus = (current as T & { status?: unknown }).status;
    if (withStatus.status === undefined && currentStatus !== undefined) withStatus.status = currentStatus;
    return this.store.update(obj);
  }

  async delete(kind: ServedKind, namespace: string, name: string, resourceVersion?: string): Promise<void> {
    this.checkNamespace(namespace);
    await this.store.delete(kind, namespace, name, resourceVersion ? { resourceVersion } : undefined);
  }

  async watch<T extends Resource>(
    kind: ServedKind,
    options: WatchOptions,
    onEvent: (event: WatchEvent<T>) => void,
  ): Promise<Unsubscribe> {
    this.checkNamespace(options.namespace ?? '');
    const namespace = options.namespace || this.options.managedNamespace;
    return this.store.watch<T>(kind, { ...options, namespace }, onEvent);
  }

  /** Read-modify-write of one object, re-reading on a resourceVersion conflict. */
  async mutate<T extends Resource>(
    kind: ServedKind,
    namespace: string,
    name: string,
    change: (current: T) => T,
  ): Promise<T> {
    this.checkNamespace(namespace);
    for (let attempt = 0; ; attempt++) {
      const current = await this.store.get<T>(kind, namespace, name);
      try {
        return await this.store.update(change(current));
      } catch (err) {
        if (!(err instanceof ConflictError) || attempt >= 20) throw err;
      }
    }
  }
}
