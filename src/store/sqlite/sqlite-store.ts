/**
 * The default Store: one SQLite file (WAL) that the CLI, the server and background controllers
 * share. Every write is one immediate transaction (object row, labels, node rows, event header),
 * so nothing is half-stored; watches see other processes' writes by polling the event table.
 * A status write rewrites the object's metadata and status and its changed node rows, not its
 * spec (see stored-parts.ts and update-plan.ts).
 */

import { DEFAULT_EVENT_RETENTION, type EventRetention, pruneBounds } from '../event-retention.js';
import { ChangeFeed, type ChangeRecord } from '../feed/change-feed.js';
import { startWatch } from '../feed/start-watch.js';
import { completesDeletion, deletionStep } from '../finalizers.js';
import { alreadyExists, conflict, notFound, scopeNamespace, WORKFLOW_KIND } from '../kinds.js';
import { acquireLease, validateLease } from '../leases.js';
import { buildListQuery } from '../list-query.js';
import { splitLogChunk, validateLogRef } from '../logs.js';
import { cutPage, decodeContinue, pageLimit, parseResourceVersion } from '../paging.js';
import {
  candidateName,
  hasGeneratedName,
  keyOf,
  phaseOf,
  prepareCreate,
  prepareUpdate,
  rfc3339,
  type StoredObject,
  stampCreated,
} from '../resource-meta.js';
import { parseSelection, type Selection } from '../selectors/index.js';
import type * as api from '../store.js';
import { joinParts, splitParts } from '../stored-parts.js';
import { planUpdate } from '../update-plan.js';
import { allNodeRows, attachNodes, diffNodes, hintedNodeIds, nodesFromRows } from '../workflow-nodes.js';
import {
  type Database,
  openDatabase,
  readTransaction,
  type Synchronous,
  writeTransaction,
} from './database.js';
import { migrate } from './migrate.js';
import { EventQueries } from './queries/event-queries.js';
import { LeaseQueries } from './queries/lease-queries.js';
import { LogQueries } from './queries/log-queries.js';
import { NodeQueries } from './queries/node-queries.js';
import { ResourceQueries, type ResourceRow } from './queries/resource-queries.js';
import { Statements } from './queries/statements.js';

export interface SqliteStoreOptions {
  /** The database file; its directory is created. */
  path: string;
  clock?: api.Clock;
  /** FULL (default): durable against power loss. NORMAL: against process crashes only. */
  synchronous?: Synchronous;
  busyTimeoutMs?: number;
  /** How often watches look for other processes' writes (default 50 ms). */
  pollMs?: number;
  eventRetention?: Partial<EventRetention>;
}

const MAX_NAME_ATTEMPTS = 8;

export class SqliteStore implements api.Store {
  private readonly sql: Statements;
  private readonly resources: ResourceQueries;
  private readonly nodes: NodeQueries;
  private readonly events: EventQueries;
  private readonly logs: LogQueries;
  private readonly leases: LeaseQueries;
  private readonly feed: ChangeFeed;
  private readonly retention: EventRetention;
  private writes = 0;
  /** The changes the write transaction running now recorded, handed to the feed once it commits. */
  private recorded: ChangeRecord[] = [];
  /** Whether commits wait for fsync (FULL) unless an update says its durability may be relaxed. */
  private readonly flushCommits: boolean;
  /**
   * The connection's synchronous setting now. A relaxed write leaves it NORMAL and the next durable
   * write sets FULL again, so a run of status writes issues no PRAGMA (two per write cost ~20 µs).
   * A FULL commit flushes the whole WAL, the relaxed commits before it included.
   */
  private relaxedNow = false;

  private constructor(
    private readonly db: Database,
    private readonly clock: api.Clock,
    options: SqliteStoreOptions,
  ) {
    this.flushCommits = (options.synchronous ?? 'FULL') === 'FULL';
    this.sql = new Statements(db);
    this.resources = new ResourceQueries(this.sql);
    this.nodes = new NodeQueries(this.sql);
    this.events = new EventQueries(this.sql);
    this.logs = new LogQueries(this.sql);
    this.leases = new LeaseQueries(this.sql);
    this.retention = { ...DEFAULT_EVENT_RETENTION, ...options.eventRetention };
    this.feed = new ChangeFeed(
      {
        latestResourceVersion: () => this.events.latestResourceVersion(),
        prunedThrough: () => this.events.prunedThrough(),
        changesAfter: (rv, limit) => this.events.after(rv, limit),
        latestLogSeq: () => this.logs.latestSeq(),
        logsAfter: (seq, limit, filter) => this.logs.after(seq, limit, filter),
        currentVersion: (uid) => this.resources.version(uid),
        materialize: (change, withNodes) => this.materializeChange(change, withNodes),
      },
      options.pollMs ?? 50,
    );
  }

  /** Opens (creating if needed) and migrates the database. */
  static async open(options: SqliteStoreOptions): Promise<SqliteStore> {
    const db = openDatabase(options.path, options);
    try {
      migrate(db);
    } catch (err) {
      db.close();
      throw err;
    }
    return new SqliteStore(db, options.clock ?? (() => new Date()), options);
  }

  async get<T extends api.Resource>(kind: string, namespace: string, name: string, options?: api.GetOptions) {
    return readTransaction(this.db, () => {
      const row = this.resources.byKey({ kind, namespace: scopeNamespace(kind, namespace), name });
      if (!row) throw notFound(kind, name);
      return this.materialize(row, options?.withNodes ?? true) as T;
    });
  }

  async list<T extends api.Resource>(
    kind: string,
    options: api.ListOptions = {},
  ): Promise<api.ListResult<T>> {
    const selection = parseSelection(options);
    const limit = pageLimit(options.limit);
    const cursor = decodeContinue(options.continue);
    return readTransaction(this.db, () => {
      const resourceVersion = cursor?.resourceVersion ?? this.events.latestResourceVersion();
      const rows = this.select(
        kind,
        scopeNamespace(kind, options.namespace),
        selection,
        cursor,
        limit > 0 ? limit + 1 : 0,
      );
      const { page, continue: next } = cutPage(rows, limit, resourceVersion);
      return {
        items: page.map((r) => this.materialize(r, options.withNodes ?? true) as T),
        resourceVersion: String(resourceVersion),
        ...(next ? { continue: next } : {}),
      };
    });
  }

  async create<T extends api.Resource>(obj: T): Promise<T> {
    const { object, nodes } = prepareCreate(obj);
    const rows = allNodeRows(nodes);
    this.write(() => {
      let name = candidateName(object);
      for (let attempt = 1; this.resources.exists({ ...keyOf(object), name }); attempt++) {
        if (!hasGeneratedName(obj) || attempt >= MAX_NAME_ATTEMPTS) throw alreadyExists(object.kind, name);
        name = candidateName(object);
      }
      const rv = this.events.nextResourceVersion();
      stampCreated(object, { name, resourceVersion: rv, now: this.clock() });
      const uid = object.metadata.uid ?? '';
      this.resources.insert(uid, keyOf(object), rv, phaseOf(object), splitParts(object));
      this.resources.replaceLabels(uid, object.metadata.labels);
      this.nodes.apply(uid, nodes ?? {}, { upserts: Object.keys(nodes ?? {}), deletes: [] }, undefined, rv);
      this.record('ADDED', object, uid);
    });
    return attachNodes(object, nodesFromRows(rows.upserts)) as unknown as T;
  }

  async update<T extends api.Resource>(obj: T, options: api.UpdateOptions = {}): Promise<T> {
    const { object, nodes, key, expected } = prepareUpdate(obj, 'shallow');
    // In WAL mode, synchronous=NORMAL commits without fsync: the change survives a killed process
    // (it is in the OS's page cache) but not an OS crash, until the next flushed commit or checkpoint.
    this.updateRows(object, nodes, key, expected, options);
    return attachNodes(object, nodes) as unknown as T;
  }

  private updateRows(
    object: ReturnType<typeof prepareUpdate>['object'],
    nodes: ReturnType<typeof prepareUpdate>['nodes'],
    key: ReturnType<typeof prepareUpdate>['key'],
    expected: ReturnType<typeof prepareUpdate>['expected'],
    options: api.UpdateOptions,
  ): void {
    this.write(() => {
      const head = this.resources.head(key);
      if (!head) throw notFound(key.kind, key.name);
      const { uid, resource_version: storedRv } = head;
      const rv = this.events.nextResourceVersion();
      const plan = planUpdate(
        { metadata: head.metadata, body: () => this.resources.body(uid) },
        object,
        expected,
        rv,
        options.specUnchanged === true,
      );
      if (completesDeletion(object.metadata)) return this.remove(uid, object);
      if (nodes) {
        const hint = options.changedNodeIds;
        const writes = hint
          ? hintedNodeIds(nodes, hint)
          : idsOf(diffNodes(nodes, new Map(this.nodes.all(uid))));
        this.nodes.apply(uid, nodes, writes, storedRv, rv);
      }
      this.resources.update(uid, rv, phaseOf(object), plan);
      if (plan.labelsChanged) this.resources.replaceLabels(uid, object.metadata.labels);
      this.record('MODIFIED', object, uid);
    }, options.relaxedDurability === true);
  }

  async delete(
    kind: string,
    namespace: string,
    name: string,
    options: api.DeleteOptions = {},
  ): Promise<void> {
    const key = { kind, namespace: scopeNamespace(kind, namespace), name };
    this.write(() => {
      const row = this.resources.byKey(key);
      if (!row) throw notFound(kind, name);
      const object = joinParts(row);
      if (
        options.resourceVersion !== undefined &&
        object.metadata.resourceVersion !== options.resourceVersion
      ) {
        throw conflict(kind, name);
      }
      const step = deletionStep(object.metadata);
      if (step === 'pending') return;
      const rv = this.events.nextResourceVersion();
      object.metadata.resourceVersion = String(rv);
      if (step === 'remove') return this.remove(row.uid, object);
      // Finalizers hold it: mark it, and let their owners finish the deletion.
      object.metadata.deletionTimestamp = rfc3339(this.clock());
      const metadata = JSON.stringify(object.metadata);
      this.resources.update(row.uid, rv, phaseOf(object), { metadata, body: undefined, status: row.status });
      this.record('MODIFIED', object, row.uid);
    });
  }

  /** Removes a row for good (in a write); `object` (with its new resourceVersion) is the DELETED event's. */
  private remove(uid: string, object: StoredObject): void {
    this.resources.delete(uid);
    this.nodes.forget(uid);
    const key = keyOf(object);
    if (key.kind === WORKFLOW_KIND) this.logs.deleteWorkflow(key.namespace, key.name);
    this.record('DELETED', object, uid, JSON.stringify(object));
  }

  async watch<T extends api.Resource>(
    kind: string,
    options: api.WatchOptions,
    onEvent: (event: api.WatchEvent<T>) => void,
  ): Promise<api.Unsubscribe> {
    if (options.resourceVersion) parseResourceVersion(options.resourceVersion, 'resourceVersion');
    const snapshot = (k: string, ns: string, selection: Selection, withNodes: boolean) =>
      readTransaction(this.db, () => ({
        resourceVersion: this.events.latestResourceVersion(),
        items: this.select(k, ns, selection, undefined, 0).map((r) => this.materialize(r, withNodes)),
      }));
    return startWatch(this.feed, snapshot, kind, options, onEvent);
  }

  async appendLog(ref: api.LogRef, stream: api.LogStream, chunk: string, time?: Date): Promise<void> {
    validateLogRef(ref, stream);
    const pieces = splitLogChunk(chunk);
    if (pieces.length === 0) return;
    this.transaction(() => this.logs.insert(ref, stream, (time ?? this.clock()).toISOString(), pieces));
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
    validateLease(name, holder, ttlMs);
    return this.transaction(() => {
      const next = acquireLease(this.leases.get(name), name, holder, ttlMs, this.clock());
      if (next) this.leases.put(next);
      return next !== undefined;
    });
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    this.transaction(() => this.leases.release(name, holder));
  }

  async getLease(name: string): Promise<api.Lease | undefined> {
    return this.leases.get(name);
  }

  async close(): Promise<void> {
    this.feed.close();
    if (this.db.open) this.db.close();
  }

  /** Sets the connection's synchronous mode for the next commit (see relaxedNow). */
  private durability(relaxed: boolean): void {
    const want = relaxed && this.flushCommits;
    if (want === this.relaxedNow) return;
    // Prepared once (db.pragma() prepares its statement on every call).
    this.sql.get(want ? 'PRAGMA synchronous = NORMAL' : 'PRAGMA synchronous = FULL').run();
    this.relaxedNow = want;
  }

  /** Runs `fn` in a write transaction whose commit is durable (FULL) unless `relaxed`. */
  private transaction<R>(fn: () => R, relaxed = false): R {
    this.durability(relaxed);
    return writeTransaction(this.db, fn);
  }

  private write(fn: () => void, relaxed = false): void {
    this.recorded = [];
    try {
      this.transaction(() => {
        this.recorded = [];
        fn();
        if (++this.writes % this.retention.everyWrites === 0) {
          const { belowOrAt, olderThanMs } = pruneBounds(
            this.events.latestResourceVersion(),
            this.clock(),
            this.retention,
          );
          this.events.prune(belowOrAt, olderThanMs);
        }
      }, relaxed);
    } catch (err) {
      this.recorded = [];
      this.nodes.rolledBack();
      throw err;
    }
    this.nodes.committed();
    const committed = this.recorded;
    this.recorded = [];
    this.feed.committed(committed);
  }

  /** Records the event header; a DELETED one keeps the object as its tombstone. */
  private record(type: api.WatchEventType, object: StoredObject, uid: string, tombstone?: string): void {
    const change: ChangeRecord = {
      resourceVersion: Number(object.metadata.resourceVersion),
      type,
      ...keyOf(object),
      uid,
      ...(tombstone === undefined ? {} : { tombstone }),
    };
    this.events.insert(change, this.clock().getTime());
    this.recorded.push(change);
  }

  private select(
    kind: string,
    namespace: string,
    selection: Selection,
    after: { namespace: string; name: string } | undefined,
    limit: number,
  ): ResourceRow[] {
    const query = buildListQuery(kind, namespace, selection, after, limit);
    return this.sql.get<ResourceRow>(query.sql).all(...query.params);
  }

  private materialize(row: ResourceRow, withNodes: boolean): StoredObject {
    return this.withNodes(joinParts(row), row.uid, withNodes);
  }

  /** A watch event's object: the tombstone of a DELETED, else the current row (undefined once gone). */
  private materializeChange(change: ChangeRecord, withNodes: boolean): StoredObject | undefined {
    if (change.tombstone !== undefined) {
      return this.withNodes(JSON.parse(change.tombstone) as StoredObject, change.uid, withNodes);
    }
    return readTransaction(this.db, () => {
      const row = this.resources.byUid(change.uid);
      return row && this.materialize(row, withNodes);
    });
  }

  private withNodes(object: StoredObject, uid: string, withNodes: boolean): StoredObject {
    if (!withNodes || object.kind !== WORKFLOW_KIND) return object;
    return attachNodes(object, nodesFromRows(this.nodes.all(uid)));
  }
}

/** The node ids of a diff's writes. */
function idsOf(changes: ReturnType<typeof diffNodes>): { upserts: string[]; deletes: string[] } {
  return { upserts: changes.upserts.map(([id]) => id), deletes: changes.deletes };
}
