/**
 * Reading the archive the way Argo's ArchivedWorkflowService does: archived records come back as
 * Workflows (their original metadata), looked up by uid, with label keys and values for the UI.
 */
import { retryWorkflow } from '../engine/index.js';
import { NotFoundError, ValidationError } from '../errors/index.js';
import type { Workflow } from '../spec/types.js';
import type { ListOptions, ListResult, Store } from '../store/index.js';
import { ARCHIVED_WORKFLOW_KIND, ARGO_API_VERSION } from './api-kinds.js';

interface ArchivedRecord extends Workflow {
  original?: { metadata?: Workflow['metadata'] };
}

/** The archived record as the Workflow it was. */
export function asWorkflow(record: ArchivedRecord, withNodes = true): Workflow {
  const { original, ...rest } = record;
  const meta = { ...(original?.metadata ?? record.metadata) };
  const status = record.status ? { ...record.status } : undefined;
  if (status && !withNodes) delete status.nodes;
  return {
    ...rest,
    apiVersion: ARGO_API_VERSION,
    kind: 'Workflow',
    metadata: meta,
    ...(status ? { status } : {}),
  };
}

export class ArchivedWorkflows {
  constructor(private readonly store: Store) {}

  /** `namespace` '' lists every namespace. Items carry no nodes, as in Argo's archived list. */
  async list(options: ListOptions & { namePrefix?: string }): Promise<ListResult<Workflow>> {
    const result = await this.store.list<ArchivedRecord>(ARCHIVED_WORKFLOW_KIND, options);
    let items = result.items.map((r) => asWorkflow(r, false));
    if (options.namePrefix)
      items = items.filter((w) => (w.metadata.name ?? '').startsWith(options.namePrefix ?? ''));
    items.sort((a, b) => String(b.status?.startedAt ?? '').localeCompare(String(a.status?.startedAt ?? '')));
    return { ...result, items };
  }

  /** By uid; `namespace` restricts where it may be (a token's namespace). */
  async get(uid: string, namespace?: string): Promise<Workflow> {
    const { items } = await this.store.list<ArchivedRecord>(ARCHIVED_WORKFLOW_KIND, {
      namespace: namespace || undefined,
      fieldSelector: `metadata.name=${uid}`,
    });
    const record = items[0];
    if (!record) throw new NotFoundError(`archived workflow "${uid}" not found`);
    return asWorkflow(record);
  }

  async delete(uid: string, namespace?: string): Promise<void> {
    const wf = await this.get(uid, namespace);
    await this.store.delete(ARCHIVED_WORKFLOW_KIND, wf.metadata.namespace ?? '', uid);
  }

  async labelKeys(namespace?: string): Promise<string[]> {
    const { items } = await this.store.list<ArchivedRecord>(ARCHIVED_WORKFLOW_KIND, {
      namespace: namespace || undefined,
    });
    const keys = new Set<string>();
    for (const r of items) for (const k of Object.keys(r.metadata.labels ?? {})) keys.add(k);
    return [...keys].sort();
  }

  /** Argo takes the key as a label selector (`listOptions.labelSelector=key`). */
  async labelValues(key: string, namespace?: string): Promise<string[]> {
    if (!key) throw new ValidationError('listOptions.labelSelector', 'the label key is required');
    const { items } = await this.store.list<ArchivedRecord>(ARCHIVED_WORKFLOW_KIND, {
      namespace: namespace || undefined,
    });
    const values = new Set<string>();
    for (const r of items) {
      const v = r.metadata.labels?.[key];
      if (v !== undefined) values.add(v);
    }
    return [...values].sort();
  }

  /**
   * Brings an archived failed workflow back under its name with its failed nodes reset (409 when a
   * live workflow has that name), as `argo archive retry` does.
   */
  async retry(
    uid: string,
    namespace: string | undefined,
    options: { restartSuccessful?: boolean; nodeFieldSelector?: string },
  ): Promise<Workflow> {
    const wf = await this.get(uid, namespace);
    const retried = retryWorkflow(wf, options);
    const { name, namespace: ns, labels, annotations } = wf.metadata;
    const fresh: Workflow = { ...retried, metadata: { name, namespace: ns, labels, annotations } };
    return this.store.create(fresh);
  }
}
