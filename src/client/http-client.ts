/** The WorkflowClient of `--server URL`: Argo's REST API (docs/api.md). */
import type { LogEntry, SubmitOptions, VerbOptions, WorkflowVerb } from '../api/index.js';
import { COMPLETED_PHASES } from '../api/index.js';
import { ARTIFACT_GC_ERROR } from '../controller/artifact-gc-finalizer.js';
import { NotFoundError } from '../errors/index.js';
import type { Workflow } from '../spec/types.js';
import { HttpTransport, type TransportOptions } from './http-transport.js';
import type { DeletionResult, LogRequest, WorkflowClient } from './workflow-client.js';

const enc = encodeURIComponent;

function query(params: Record<string, string | boolean | undefined>): string {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== '' && v !== false)
    .map(([k, v]) => `${enc(k)}=${enc(String(v))}`);
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

export class HttpClient implements WorkflowClient {
  readonly mode = 'server';
  private readonly http: HttpTransport;

  constructor(options: TransportOptions) {
    this.http = new HttpTransport(options);
  }

  createWorkflow(namespace: string, wf: Workflow): Promise<Workflow> {
    // A server resolves templateRefs against its stored templates; status is the server's business.
    const { status: _status, ...body } = wf;
    return this.http.json('POST', `/api/v1/workflows/${enc(namespace)}`, { namespace, workflow: body });
  }

  submitFrom(namespace: string, kind: string, name: string, options: SubmitOptions): Promise<Workflow> {
    return this.http.json('POST', `/api/v1/workflows/${enc(namespace)}/submit`, {
      namespace,
      resourceKind: kind,
      resourceName: name,
      submitOptions: options,
    });
  }

  getWorkflow(namespace: string, name: string): Promise<Workflow> {
    return this.http.json('GET', `/api/v1/workflows/${enc(namespace)}/${enc(name)}`);
  }

  async listWorkflows(
    namespace: string | undefined,
    options: { labelSelector?: string } = {},
  ): Promise<Workflow[]> {
    const items: Workflow[] = [];
    let cont: string | undefined;
    do {
      const page = await this.http.json<{ items?: Workflow[]; metadata?: { continue?: string } }>(
        'GET',
        `/api/v1/workflows/${enc(namespace ?? '')}${query({
          'listOptions.labelSelector': options.labelSelector,
          'listOptions.limit': '500',
          'listOptions.continue': cont,
          fields: '-items.status.nodes',
        })}`,
      );
      items.push(...(page.items ?? []));
      cont = page.metadata?.continue;
    } while (cont);
    return items;
  }

  async deleteWorkflow(
    namespace: string,
    name: string,
    options: { force?: boolean } = {},
  ): Promise<DeletionResult> {
    const path = `/api/v1/workflows/${enc(namespace)}/${enc(name)}`;
    await this.http.json('DELETE', `${path}${query({ force: options.force })}`);
    // The server has made its artifact GC attempt: what is left says how it went.
    let wf: Workflow;
    try {
      wf = await this.http.json<Workflow>('GET', `${path}${query({ fields: 'metadata,status.conditions' })}`);
    } catch (err) {
      if (err instanceof NotFoundError) return { state: 'deleted' };
      throw err;
    }
    if (!wf.metadata?.deletionTimestamp) return { state: 'deleted' };
    const gcError = wf.status?.conditions?.find((c) => c.type === ARTIFACT_GC_ERROR);
    return gcError ? { state: 'pending', errors: [gcError.message ?? ''] } : { state: 'held' };
  }

  applyVerb(
    namespace: string,
    name: string,
    verb: WorkflowVerb,
    options: VerbOptions = {},
  ): Promise<Workflow> {
    return this.http.json('PUT', `/api/v1/workflows/${enc(namespace)}/${enc(name)}/${verb}`, {
      namespace,
      name,
      ...options,
    });
  }

  resubmitWorkflow(namespace: string, name: string): Promise<Workflow> {
    return this.http.json('PUT', `/api/v1/workflows/${enc(namespace)}/${enc(name)}/resubmit`, {
      namespace,
      name,
    });
  }

  streamLogs(r: LogRequest, onEntry: (entry: LogEntry) => void): Promise<void> {
    const path = `/api/v1/workflows/${enc(r.namespace)}/${enc(r.workflow)}/log${query({
      podName: r.podName,
      'logOptions.container': r.container,
      'logOptions.follow': r.follow,
      grep: r.grep,
    })}`;
    return this.http.stream<LogEntry>(path, (entry) => {
      onEntry(entry);
      return undefined;
    });
  }

  async waitForCompletion(
    namespace: string,
    name: string,
    onChange?: (wf: Workflow) => void,
  ): Promise<Workflow> {
    let last: Workflow | undefined;
    const controller = new AbortController();
    const path = `/api/v1/workflow-events/${enc(namespace)}${query({ 'listOptions.fieldSelector': `metadata.name=${name}` })}`;
    const stop = () => controller.abort();
    process.once('SIGINT', stop);
    try {
      await this.http.stream<{ type: string; object: Workflow }>(
        path,
        (event) => {
          if (event.type === 'DELETED') throw new Error(`workflow ${name} was deleted`);
          last = event.object;
          onChange?.(event.object);
          return COMPLETED_PHASES.has(event.object.status?.phase ?? '');
        },
        controller.signal,
      );
    } finally {
      process.off('SIGINT', stop);
    }
    if (controller.signal.aborted) {
      process.stderr.write(`\nargosy: stopped following ${name}; the server goes on running it\n`);
      process.exit(130);
    }
    return last ?? this.getWorkflow(namespace, name);
  }

  afterChange(): void {}

  async listArchived(namespace: string | undefined): Promise<Workflow[]> {
    const page = await this.http.json<{ items?: Workflow[] }>(
      'GET',
      `/api/v1/archived-workflows${query({ namespace })}`,
    );
    return page.items ?? [];
  }

  getArchived(uid: string): Promise<Workflow> {
    return this.http.json('GET', `/api/v1/archived-workflows/${enc(uid)}`);
  }

  async deleteArchived(uid: string): Promise<void> {
    await this.http.json('DELETE', `/api/v1/archived-workflows/${enc(uid)}`);
  }

  resubmitArchived(uid: string): Promise<Workflow> {
    return this.http.json('PUT', `/api/v1/archived-workflows/${enc(uid)}/resubmit`, { uid });
  }

  retryArchived(uid: string): Promise<Workflow> {
    return this.http.json('PUT', `/api/v1/archived-workflows/${enc(uid)}/retry`, { uid });
  }

  async close(): Promise<void> {}
}
