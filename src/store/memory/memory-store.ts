/**
 * The in-memory Store: the same contract and rules as SqliteStore (it shares the validation,
 * metadata, update, selector, node and feed code), for engine and controller tests. Objects are
 * kept as JSON strings (metadata, body and status apart, as the databases keep them), so callers
 * never share objects with the store.
 */

import { DEFAULT_EVENT_RETENTION, type EventRetention, pruneBounds } from '../event-retention.js';
import { type ChangeFeed, type ChangeRecord, ChangeFeed as Feed } from '../feed/change-feed.js';
import { startWatch } from '../feed/start-watch.js';
import { completesDeletion, deletionStep } from '../finalizers.js';
import { alreadyExists, conflict, notFound, scopeNamespace, WORKFLOW_KIND } from '../kinds.js';
import { cutPage, decodeContinue, pageLimit, parseResourceVersion } from '../paging.js';
import {
  candidateName,
  hasGeneratedName,
  keyOf,
  keyString,
  prepareCreate,
  prepareUpdate,
  type ResourceKey,
  rfc3339,
  type StoredObject,
  stampCreated,
} from '../resource-meta.js';
import { matchesSelection, parseSelection, type Selection } from '../selectors/index.js';
import type * as api from '../store.js';
import { joinParts, type StoredParts, splitParts } from '../stored-parts.js';
import { planUpdate } from '../update-plan.js';
import {
  allNodeRows,
  attachNodes,
  diffNodes,
  hintedNodeChanges,
  type NodeChanges,
  nodesFromRows,
} from '../workflow-nodes.js';
import { MemoryLeases, MemoryLogs } from './memory-logs.js';

interface Row {
  key: ResourceKey;
  uid: string;
  resourceVersion: number;
  parts: StoredParts;
  /** Parsed metadata, for selectors. */
  labels: Record<string, string> | undefined;
}

interface TimedChange extends ChangeRecord {
  at: number;
}

export interface MemoryStoreOptions {
  clock?: api.Clock;
  pollMs?: number;
  eventRetention?: Partial<EventRetention>;
}

const MAX_NAME_ATTEMPTS = 8;

export class MemoryStore implements api.Store {
  private readonly rows = new Map<string, Row>();
  private readonly byUid = new Map<string, Row>();
  private readonly nodes = new Map<string, Map<string, string>>();
  private events: TimedChange[] = [];
  private resourceVersion = 0;
  private pruned = 0;
  private writes = 0;
  private readonly logs = new MemoryLogs();
  private readonly leases = new MemoryLeases();
  private readonly clock: api.Clock;
  private readonly retention: EventRetention;
  private readonly feed: ChangeFeed;

  constructor(options: MemoryStoreOptions = {}) {
    this.clock = options.clock ?? (() => new Date());
    this.retention = { ...DEFAULT_EVENT_RETENTION, ...options.eventRetention };
    this.feed = new Feed(
      {
        latestResourceVersion: () => this.resourceVersion,
        prunedThrough: () => this.pruned,
        changesAfter: (rv, limit) => this.events.filter((e) => e.resourceVersion > rv).slice(0, limit),
        latestLogSeq: () => this.logs.latestSeq(),
        logsAfter: (seq, limit, filter) => this.logs.after(seq, limit, filter),
        currentVersion: (uid) => this.byUid.get(uid)?.resourceVersion,
        materialize: (change, withNodes) => {
          if (change.tombstone !== undefined)
            return this.materialize(change.tombstone, change.uid, withNodes);
          const row = this.byUid.get(change.uid);
          return row && this.materialize(row.parts, row.uid, withNodes);
        },
      },
      options.pollMs ?? 50,
    );
  }

  async get<T extends api.Resource>(kind: string, namespace: string, name: string, options?: api.GetOptions) {
    const row = this.rows.get(keyString({ kind, namespace: scopeNamespace(kind, namespace), name }));
    if (!row) throw notFound(kind, name);
    return this.materialize(row.parts, row.uid, options?.withNodes ?? true) as T;
  }

  async list<T extends api.Resource>(
    kind: string,
    options: api.ListOptions = {},
  ): Promise<api.ListResult<T>> {
    const selection = parseSelection(options);
    const limit = pageLimit(options.limit);
    const cursor = decodeContinue(options.continue);
    const resourceVersion = cursor?.resourceVersion ?? this.resourceVersion;
    const rows = this.select(kind, scopeNamespace(kind, options.namespace), selection).filter(
      (r) => !cursor || compareKeys(r.key, cursor) > 0,
    );
    const { page, continue: next } = cutPage(
      rows.map((r) => ({ ...r.key, row: r })),
      limit,
      resourceVersion,
    );
    return {
      items: page.map(({ row }) => this.materialize(row.parts, row.uid, options.withNodes ?? true) as T),
      resourceVersion: String(resourceVersion),
      ...(next ? { continue: next } : {}),
    };
  }

  async create<T extends api.Resource>(obj: T): Promise<T> {
    const { object, nodes } = prepareCreate(obj);
    let name = candidateName(object);
    for (let attempt = 1; this.rows.has(keyString({ ...keyOf(object), name })); attempt++) {
      if (!hasGeneratedName(obj) || attempt >= MAX_NAME_ATTEMPTS) throw alreadyExists(object.kind, name);
      name = candidateName(object);
    }
    const rv = this.resourceVersion + 1;
    stampCreated(object, { name, resourceVersion: rv, now: this.clock() });
    const uid = object.metadata.uid ?? '';
    const rows = allNodeRows(nodes);
    this.nodes.set(uid, new Map());
    this.writeNodes(uid, rows);
    this.put(object, uid, splitParts(object));
    this.commit('ADDED', object, uid);
    return attachNodes(object, nodesFromRows(rows.upserts)) as unknown as T;
  }

  async update<T extends api.Resource>(obj: T, options: api.UpdateOptions = {}): Promise<T> {
    const { object, nodes, key, expected } = prepareUpdate(obj);
    const row = this.rows.get(keyString(key));
    if (!row) throw notFound(key.kind, key.name);
    const plan = planUpdate(
      { metadata: row.parts.metadata, body: () => row.parts.body },
      object,
      expected,
      this.resourceVersion + 1,
      options.specUnchanged === true,
    );
    if (completesDeletion(object.metadata)) {
      // Its last finalizer went: the object goes, and the DELETED event carries this last state.
      this.remove(row, object);
      return attachNodes(object, nodes) as unknown as T;
    }
    if (nodes) {
      const stored = this.nodes.get(row.uid) ?? new Map<string, string>();
      const hint = options.changedNodeIds;
      this.writeNodes(row.uid, hint ? hintedNodeChanges(nodes, hint) : diffNodes(nodes, stored));
    }
    this.put(object, row.uid, {
      metadata: plan.metadata,
      body: plan.body ?? row.parts.body,
      status: plan.status,
    });
    this.commit('MODIFIED', object, row.uid);
    return attachNodes(object, nodes) as unknown as T;
  }

  async delete(
    kind: string,
    namespace: string,
    name: string,
    options: api.DeleteOptions = {},
  ): Promise<void> {
    const key = { kind, namespace: scopeNamespace(kind, namespace), name };
    const row = this.rows.get(keyString(key));
    if (!row) throw notFound(kind, name);
    const object = joinParts(row.parts);
    if (
      options.resourceVersion !== undefined &&
      object.metadata.resourceVersion !== options.resourceVersion
    ) {
      throw conflict(kind, name);
    }
    const step = deletionStep(object.metadata);
    if (step === 'pending') return;
    object.metadata.resourceVersion = String(this.resourceVersion + 1);
    if (step === 'remove') return this.remove(row, object);
    // Finalizers hold it: mark it, and let their owners finish the deletion.
    object.metadata.deletionTimestamp = rfc3339(this.clock());
    this.put(object, row.uid, { ...row.parts, metadata: JSON.stringify(object.metadata) });
    this.commit('MODIFIED', object, row.uid);
  }

  /** Removes a row for good; `object` (with its new resourceVersion) is the DELETED event's. */
  private remove(row: Row, object: StoredObject): void {
    this.rows.delete(keyString(row.key));
    this.byUid.delete(row.uid);
    this.nodes.delete(row.uid);
    if (row.key.kind === WORKFLOW_KIND) this.logs.deleteWorkflow(row.key.namespace, row.key.name);
    this.commit('DELETED', object, row.uid, JSON.stringify(object));
  }

  async watch<T extends api.Resource>(
    kind: string,
    options: api.WatchOptions,
    onEvent: (event: api.WatchEvent<T>) => void,
  ): Promise<api.Unsubscribe> {
    if (options.resourceVersion) parseResourceVersion(options.resourceVersion, 'resourceVersion');
    return startWatch(
      this.feed,
      (k, ns, sel, withNodes) => this.snapshot(k, ns, sel, withNodes),
      kind,
      options,
      onEvent,
    );
  }

  async appendLog(ref: api.LogRef, stream: api.LogStream, chunk: string, time?: Date): Promise<void> {
    this.logs.append(ref, stream, chunk, time ?? this.clock());
    this.feed.kick();
  }

  async readLogs(filter: api.LogFilter, options: api.ReadLogsOptions = {}): Promise<api.LogLine[]> {
    return this.logs.after(options.sinceSeq ?? 0, options.limit ?? 0, filter);
  }

  async followLogs(
    filter: api.LogFilter,
    options: { sinceSeq?: number; onError?: (err: Error) => void },
    onLine: (line: api.LogLine) => void,
  ): Promise<api.Unsubscribe> {
    return this.feed.follow(filter, options.sinceSeq ?? 0, onLine, options.onError);
  }

  async tryAcquireLease(name: string, holder: string, ttlMs: number): Promise<boolean> {
    return this.leases.tryAcquire(name, holder, ttlMs, this.clock());
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    this.leases.release(name, holder);
  }

  async getLease(name: string): Promise<api.Lease | undefined> {
    return this.leases.get(name);
  }

  async close(): Promise<void> {
    this.feed.close();
  }

  private select(kind: string, namespace: string, selection: Selection): Row[] {
    const rows: Row[] = [];
    for (const row of this.rows.values()) {
      if (row.key.kind !== kind || (namespace !== '' && row.key.namespace !== namespace)) continue;
      const status = row.parts.status === null ? undefined : (JSON.parse(row.parts.status) as unknown);
      const selectable = {
        metadata: { name: row.key.name, namespace: row.key.namespace, labels: row.labels },
        status,
      };
      if (matchesSelection(selection, selectable)) rows.push(row);
    }
    return rows.sort((a, b) => compareKeys(a.key, b.key));
  }

  private snapshot(kind: string, namespace: string, selection: Selection, withNodes: boolean) {
    const items = this.select(kind, namespace, selection).map((r) =>
      this.materialize(r.parts, r.uid, withNodes),
    );
    return { items, resourceVersion: this.resourceVersion };
  }

  private materialize(stored: StoredParts | string, uid: string, withNodes: boolean): StoredObject {
    const object = typeof stored === 'string' ? (JSON.parse(stored) as StoredObject) : joinParts(stored);
    if (!withNodes || object.kind !== WORKFLOW_KIND) return object;
    const rows = [...(this.nodes.get(uid) ?? new Map<string, string>())].sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return attachNodes(object, nodesFromRows(rows));
  }

  private writeNodes(uid: string, changes: NodeChanges): void {
    const stored = this.nodes.get(uid) ?? new Map<string, string>();
    for (const [id, json] of changes.upserts) stored.set(id, json);
    for (const id of changes.deletes) stored.delete(id);
    this.nodes.set(uid, stored);
  }

  private put(object: StoredObject, uid: string, parts: StoredParts): void {
    const key = keyOf(object);
    const resourceVersion = Number(object.metadata.resourceVersion);
    const labels = (JSON.parse(parts.metadata) as StoredObject['metadata']).labels;
    const row: Row = { key, uid, resourceVersion, parts, labels };
    this.rows.set(keyString(key), row);
    this.byUid.set(uid, row);
  }

  /** Records the event header; a DELETED one keeps the object as its tombstone. */
  private commit(type: api.WatchEventType, object: StoredObject, uid: string, tombstone?: string): void {
    const key = keyOf(object);
    this.resourceVersion = Number(object.metadata.resourceVersion);
    const at = this.clock().getTime();
    const change = { resourceVersion: this.resourceVersion, type, ...key, uid, at };
    this.events.push(tombstone === undefined ? change : { ...change, tombstone });
    if (++this.writes % this.retention.everyWrites === 0) this.prune();
    this.feed.kick();
  }

  private prune(): void {
    const { belowOrAt, olderThanMs } = pruneBounds(this.resourceVersion, this.clock(), this.retention);
    const gone = this.events.filter((e) => e.resourceVersion <= belowOrAt && e.at < olderThanMs);
    for (const e of gone) this.pruned = Math.max(this.pruned, e.resourceVersion);
    if (gone.length > 0) this.events = this.events.filter((e) => e.resourceVersion > this.pruned);
  }
}

function compareKeys(a: { namespace: string; name: string }, b: { namespace: string; name: string }): number {
  if (a.namespace !== b.namespace) return a.namespace < b.namespace ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
