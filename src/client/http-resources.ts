/**
 * The ResourceClient of `--server URL`: Argo's REST paths for the Argo kinds (workflow-templates,
 * cluster-workflow-templates, cron-workflows, workflow-event-bindings, events, artifact-files) and
 * Argosy's `/api/v1/argosy/` extension for ConfigMaps and Secrets (docs/server.md).
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { ValidationError } from '../errors/index.js';
import type { Workflow } from '../spec/types.js';
import type { GetOptions, ListOptions, ListResult, Resource } from '../store/index.js';
import type { HttpTransport } from './http-transport.js';
import type { ArtifactTarget, DataResource, EventOutcome, ResourceClient } from './resource-client.js';

const enc = encodeURIComponent;

interface KindPath {
  /** Collection path; `{ns}` is replaced by the namespace. */
  base: string;
  /** Field of the object in a create body. */
  field: string;
}

const PATHS: Record<string, KindPath> = {
  Workflow: { base: '/api/v1/workflows/{ns}', field: 'workflow' },
  WorkflowTemplate: { base: '/api/v1/workflow-templates/{ns}', field: 'template' },
  ClusterWorkflowTemplate: { base: '/api/v1/cluster-workflow-templates', field: 'template' },
  CronWorkflow: { base: '/api/v1/cron-workflows/{ns}', field: 'cronWorkflow' },
  WorkflowEventBinding: { base: '/api/v1/workflow-event-bindings/{ns}', field: 'binding' },
  ConfigMap: { base: '/api/v1/argosy/configmaps/{ns}', field: 'configMap' },
  Secret: { base: '/api/v1/argosy/secrets/{ns}', field: 'secret' },
};

function collection(kind: string, namespace: string): KindPath {
  const p = PATHS[kind];
  if (!p) throw new ValidationError('kind', `${kind} is not served by an Argosy server`);
  return { ...p, base: p.base.replace('{ns}', enc(namespace)) };
}

function query(params: Record<string, string | undefined>): string {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${enc(k)}=${enc(String(v))}`);
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

export class HttpResources implements ResourceClient {
  constructor(private readonly http: HttpTransport) {}

  get<T extends Resource>(kind: string, namespace: string, name: string, _options?: GetOptions): Promise<T> {
    return this.http.json('GET', `${collection(kind, namespace).base}/${enc(name)}`);
  }

  /** Every page of the list (the server pages by 500). */
  async list<T extends Resource>(kind: string, options: ListOptions = {}): Promise<ListResult<T>> {
    const items: T[] = [];
    let cont: string | undefined;
    let resourceVersion = '';
    do {
      const page = await this.http.json<{
        items?: T[] | null;
        metadata?: { continue?: string; resourceVersion?: string };
      }>(
        'GET',
        `${collection(kind, options.namespace ?? '').base}${query({
          'listOptions.labelSelector': options.labelSelector,
          'listOptions.fieldSelector': options.fieldSelector,
          'listOptions.limit': '500',
          'listOptions.continue': cont,
        })}`,
      );
      items.push(...(page.items ?? []));
      cont = page.metadata?.continue;
      resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
    } while (cont);
    return { items, resourceVersion };
  }

  create<T extends Resource>(obj: T): Promise<T> {
    const { base, field } = collection(obj.kind, obj.metadata.namespace ?? '');
    return this.http.json('POST', base, { namespace: obj.metadata.namespace, [field]: obj });
  }

  async delete(kind: string, namespace: string, name: string): Promise<void> {
    await this.http.json('DELETE', `${collection(kind, namespace).base}/${enc(name)}`);
  }

  async setCronSuspend(namespace: string, name: string, suspend: boolean): Promise<void> {
    const verb = suspend ? 'suspend' : 'resume';
    await this.http.json('PUT', `/api/v1/cron-workflows/${enc(namespace)}/${enc(name)}/${verb}`, {
      namespace,
      name,
    });
  }

  /**
   * `POST /api/v1/events/{ns}/{discriminator}`. Argo answers `{}`; Argosy adds what the event did
   * when asked with `argosy.outcome=true` (the CLI prints it, as the embedded mode does).
   */
  async sendEvent(
    namespace: string,
    discriminator: string,
    payload: unknown,
    metadata: Record<string, string[]>,
  ): Promise<EventOutcome> {
    const headers: Record<string, string> = {};
    for (const [k, values] of Object.entries(metadata)) headers[k] = values.join(', ');
    const answer = await this.http.json<Partial<EventOutcome>>(
      'POST',
      `/api/v1/events/${enc(namespace)}/${enc(discriminator)}?argosy.outcome=true`,
      payload ?? {},
      headers,
    );
    return { submitted: answer.submitted ?? [], errors: answer.errors ?? [] };
  }

  async applyData(obj: DataResource): Promise<'created' | 'configured'> {
    const { base, field } = collection(obj.kind, obj.metadata.namespace ?? '');
    const answer = await this.http.json<{ result?: 'created' | 'configured' }>(
      'PUT',
      `${base}/${enc(obj.metadata.name ?? '')}`,
      { [field]: obj },
    );
    return answer.result ?? 'configured';
  }

  /**
   * Each artifact from `/artifact-files/...` (the server unpacks archives as a step's input would be);
   * a directory comes as a tarball (`argosy.directories=tgz`) and is unpacked here.
   */
  async downloadArtifacts(wf: Workflow, targets: ArtifactTarget[]): Promise<void> {
    const ns = enc(wf.metadata.namespace ?? '');
    const name = enc(wf.metadata.name ?? '');
    for (const t of targets) {
      const res = await this.http.raw(
        'GET',
        `/artifact-files/${ns}/workflows/${name}/${enc(t.nodeId)}/outputs/${enc(t.artifact.name)}?argosy.directories=tgz`,
      );
      if (!res.body) throw new ValidationError('', `the server sent no content for ${t.artifact.name}`);
      const body = Readable.fromWeb(res.body as WebReadableStream<Uint8Array>);
      if (res.headers.get('x-argosy-archive') === 'tgz') {
        // A directory artifact: unpacked where the embedded mode unpacks it.
        await mkdir(t.dest, { recursive: true });
        const { x: extractTar } = await import('tar'); // loaded only when a tarball is fetched
        await pipeline(body, extractTar({ cwd: t.dest }));
      } else {
        await mkdir(dirname(t.dest), { recursive: true });
        await pipeline(body, createWriteStream(t.dest));
      }
    }
  }
}
