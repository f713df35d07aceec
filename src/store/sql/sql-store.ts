/**
 * The Store over a shared SQL server (PostgreSQL or MySQL/MariaDB through a SqlDialect), so several
 * Argosy processes and server replicas share workflows. The same rules as SqliteStore: every write
 * is one transaction (object row, labels, node rows, event header); resourceVersions come from a
 * counter row locked until commit, so they are taken in commit order; watches poll the event table
 * by resourceVersion; leases are rows compared with the injected clock, or with the database's
 * clock when none is given, so replicas on different hosts agree on expiry.
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
import { allNodeRows, attachNodes, diffNodes, hintedNodeChanges, nodesFromRows } from '../workflow-nodes.js';
import type { SqlClient, SqlExecutor } from './sql-client.js';
import type { SqlDialect } from './sql-dialect.js';
import { type ResourceRow, SqlRows } from './sql-rows.js';

export interface SqlStoreOptions {
  /** Timestamps and event ages; also lease expiry when given (else the database's clock). */
  clock?: api.Clock;
  /** How often watches look for other processes' writes (default 100 ms). */
  pollMs?: number;
  eventRetention?: Partial<EventRetention>;
}

const MAX_NAME_ATTEMPTS = 8;
const RV = 'resource_version';
const SNAPSHOT = { snapshot: true };
/** Thrown to roll back a write that turned out to change nothing. */
const NOTHING_TO_DO = new Error('nothing to do');

export class SqlStore implements api.Store {
  private readonly rows: SqlRows;
  private readonly feed: ChangeFeed;
  private readonly retention: EventRetention;
  private readonly clock: api.Clock;
  private writes = 0;

  private constructor(
    private readonly client: SqlClient,
    private readonly dialect: SqlDialect,
    private readonly options: SqlStoreOptions,
  ) {
    this.rows = new SqlRows(dialect);
    this.clock = options.clock ?? (() => new Date());
    this.retention = { ...DEFAULT_EVENT_RETENTION, ...options.eventRetention };
    this.feed = new ChangeFeed(
      {
        latestResourceVersion: () => this.rows.counter(client, RV),
        prunedThrough: () => this.rows.counter(client, 'events_pruned_through'),
        changesAfter: (rv, limit) => this.rows.eventsAfter(client, rv, limit),
        latestLogSeq: () => this.rows.counter(client, 'log_seq'),
        logsAfter: (seq, limit, filter) => this.rows.logsAfter(client, seq, limit, filter),
        currentVersion: (uid) => this.rows.version(client, uid),
        materialize: (change, withNodes) => this.materializeChange(change, withNodes),
      },
      options.pollMs ?? 100,
    );
  }

  /** Migrates the database (creating the schema) and returns a store over it. Closes the client on failure. */
  static async open(
    client: SqlClient,
    dialect: SqlDialect,
    options: SqlStoreOptions = {},
  ): Promise<SqlStore> {
    try {
      await dialect.migrate(client);
    } catch (err) {
      await client.close();
      throw err;
    }
    return new SqlStore(client, dialect, options);
  }

  async get<T extends api.Resource>(kind: string, namespace: string, name: string, options?: api.GetOptions) {
    return this.client.transaction(async (db) => {
      const row = await this.rows.byKey(db, { kind, namespace: scopeNamespace(kind, namespace), name });
      if (!row) throw notFound(kind, name);
      return (await this.materialize(db, [row], options?.withNodes ?? true))[0] as T;
    }, SNAPSHOT);
  }

  async list<T extends api.Resource>(
    kind: string,
    options: api.ListOptions = {},
  ): Promise<api.ListResult<T>> {
    const selection = parseSelection(options);
    const limit = pageLimit(options.limit);
    const cursor = decodeContinue(options.continue);
    return this.client.transaction(async (db) => {
      const resourceVersion = cursor?.resourceVersion ?? (await this.rows.counter(db, RV));
      const rows = await this.select(
        db,
        kind,
        scopeNamespace(kind, options.namespace),
        selection,
        cursor,
        limit > 0 ? limit + 1 : 0,
      );
      const { page, continue: next } = cutPage(rows, limit, resourceVersion);
      return {
        items: (await this.materialize(db, page, options.withNodes ?? true)) as T[],
        resourceVersion: String(resourceVersion),
        ...(next ? { continue: next } : {}),
      };
    }, SNAPSHOT);
  }

  async create<T extends api.Resource>(obj: T): Promise<T> {
    const { object, nodes } = prepareCreate(obj);
    const rows = allNodeRows(nodes);
    await this.write(async (db) => {
      const rv = await this.dialect.bumpCounter(db, RV, 1);
      let name = candidateName(object);
      for (let attempt = 1; await this.rows.exists(db, { ...keyOf(object), name }); attempt++) {
        if (!hasGeneratedName(obj) || attempt >= MAX_NAME_ATTEMPTS) throw alreadyExists(object.kind, name);
        name = candidateName(object);
      }
      stampCreated(object, { name, resourceVersion: rv, now: this.clock() });
      const uid = object.metadata.uid ?? '';
      await this.rows.insert(db, uid, keyOf(object), rv, phaseOf(object), splitParts(object));
      await this.rows.replaceLabels(db, uid, object.metadata.labels);
      await this.rows.applyNodes(db, uid, rows);
      await this.record(db, 'ADDED', object, uid);
    });
    return attachNodes(object, nodesFromRows(rows.upserts)) as unknown as T;
  }

  async update<T extends api.Resource>(obj: T, options: api.UpdateOptions = {}): Promise<T> {
    const { object, nodes, key, expected } = prepareUpdate(obj, 'shallow');
    const specUnchanged = options.specUnchanged === true;
    await this.write(async (db) => {
      const rv = await this.dialect.bumpCounter(db, RV, 1);
      const head = await this.rows.head(db, key, !specUnchanged);
      if (!head) throw notFound(key.kind, key.name);
      const { uid } = head;
      const plan = planUpdate(
        { metadata: head.metadata, body: () => head.body ?? '' },
        object,
        expected,
        rv,
        specUnchanged,
      );
      if (completesDeletion(object.metadata)) return this.remove(db, uid, object);
      if (nodes) {
        const hint = options.changedNodeIds;
        const stored = hint ? undefined : new Map((await this.rows.nodes(db, [uid])).get(uid) ?? []);
        await this.rows.applyNodes(
          db,
          uid,
          stored ? diffNodes(nodes, stored) : hintedNodeChanges(nodes, hint ?? []),
        );
      }
      await this.rows.update(db, uid, rv, phaseOf(object), plan);
      if (plan.labelsChanged) await this.rows.replaceLabels(db, uid, object.metadata.labels);
      await this.record(db, 'MODIFIED', object, uid);
    });
    return attachNodes(object, nodes) as unknown as T;
  }

  async delete(
    kind: string,
    namespace: string,
    name: string,
    options: api.DeleteOptions = {},
  ): Promise<void> {
    const key = { kind, namespace: scopeNamespace(kind, namespace), name };
    await this.write(async (db) => {
      const rv = await this.dialect.bumpCounter(db, RV, 1);
      const row = await this.rows.byKey(db, key);
      if (!row) throw notFound(kind, name);
      const object = joinParts(row);
      if (
        options.resourceVersion !== undefined &&
        object.metadata.resourceVersion !== options.resourceVersion
      ) {
        throw conflict(kind, name);
      }
      const step = deletionStep(object.metadata);
      // Already being deleted: nothing changes (the counter bump rolls back with the transaction).
      if (step === 'pending') throw NOTHING_TO_DO;
      object.metadata.resourceVersion = String(rv);
      if (step === 'remove') return this.remove(db, row.uid, object);
      // Finalizers hold it: mark it, and let their owners finish the deletion.
      object.metadata.deletionTimestamp = rfc3339(this.clock());
      const metadata = JSON.stringify(object.metadata);
      await this.rows.update(db, row.uid, rv, phaseOf(object), {
        metadata,
        body: undefined,
        status: row.status,
      });
      await this.record(db, 'MODIFIED', object, row.uid);
    }).catch((err: unknown) => {
      if (err !== NOTHING_TO_DO) throw err;
    });
  }

  /** Removes a row for good (in a write); `object` (with its new resourceVersion) is the DELETED event's. */
  private async remove(db: SqlExecutor, uid: string, object: StoredObject): Promise<void> {
    await this.rows.delete(db, uid);
    const key = keyOf(object);
    if (key.kind === WORKFLOW_KIND) await this.rows.deleteLogs(db, key.namespace, key.name);
    await this.record(db, 'DELETED', object, uid, JSON.stringify(object));
  }

  async watch<T extends api.Resource>(
    kind: string,
    options: api.WatchOptions,
    onEvent: (event: api.WatchEvent<T>) => void,
  ): Promise<api.Unsubscribe> {
    if (options.resourceVersion) parseResourceVersion(options.resourceVersion, 'resourceVersion');
    const snapshot = (k: string, ns: string, selection: Selection, withNodes: boolean) =>
      this.client.transaction(async (db) => {
        const resourceVersion = await this.rows.counter(db, RV);
        const rows = await this.select(db, k, ns, selection, undefined, 0);
        return { resourceVersion, items: await this.materialize(db, rows, withNodes) };
      }, SNAPSHOT);
    return startWatch(this.feed, snapshot, kind, options, onEvent);
  }

  async appendLog(ref: api.LogRef, stream: api.LogStream, chunk: string, time?: Date): Promise<void> {
    validateLogRef(ref, stream);
    const pieces = splitLogChunk(chunk);
    if (pieces.length === 0) return;
    const at = (time ?? this.clock()).toISOString();
    await this.client.transaction(async (db) => {
      const last = await this.dialect.bumpCounter(db, 'log_seq', pieces.length);
      await this.rows.insertLogs(db, last - pieces.length + 1, ref, stream, at, pieces);
    });
    this.feed.kick();
  }

  async readLogs(filter: api.LogFilter, options: api.ReadLogsOptions = {}): Promise<api.LogLine[]> {
    return this.rows.logsAfter(this.client, options.sinceSeq ?? 0, options.limit ?? 0, filter);
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
    // The row exists (committed on its own) before it is locked, so first acquirers serialise on it.
    await this.client.execute(this.dialect.insertIgnore('leases', ['name', 'holder', 'expires_at_ms']), [
      name,
      '',
      0,
    ]);
    return this.client.transaction(async (db) => {
      const rows = await db.query<{ holder: string; expires_at_ms: unknown }>(
        'SELECT holder, expires_at_ms FROM leases WHERE name = ? FOR UPDATE',
        [name],
      );
      const row = rows[0];
      const current =
        row && row.holder !== ''
          ? { name, holder: row.holder, expiresAt: new Date(Number(row.expires_at_ms)) }
          : undefined;
      const next = acquireLease(current, name, holder, ttlMs, await this.now(db));
      if (!next) return false;
      // An upsert: the row may have been released (deleted) since it was made to exist.
      await db.execute(
        this.dialect.upsert(
          'leases',
          ['name', 'holder', 'expires_at_ms'],
          ['name'],
          ['holder', 'expires_at_ms'],
          1,
        ),
        [name, next.holder, next.expiresAt.getTime()],
      );
      return true;
    });
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    await this.client.execute('DELETE FROM leases WHERE name = ? AND holder = ?', [name, holder]);
  }

  async getLease(name: string): Promise<api.Lease | undefined> {
    const rows = await this.client.query<{ holder: string; expires_at_ms: unknown }>(
      'SELECT holder, expires_at_ms FROM leases WHERE name = ?',
      [name],
    );
    const row = rows[0];
    if (!row || row.holder === '') return undefined;
    return { name, holder: row.holder, expiresAt: new Date(Number(row.expires_at_ms)) };
  }

  async close(): Promise<void> {
    this.feed.close();
    await this.client.close();
  }

  /** Lease time: the injected clock, else the database's (one clock for every replica). */
  private async now(db: SqlExecutor): Promise<Date> {
    if (this.options.clock) return this.options.clock();
    const rows = await db.query<{ now_ms: unknown }>(this.dialect.nowMsQuery);
    return new Date(Number(rows[0]?.now_ms));
  }

  private async write(fn: (db: SqlExecutor) => Promise<void>): Promise<void> {
    await this.client.transaction(async (db) => {
      await fn(db);
      if (++this.writes % this.retention.everyWrites === 0) {
        const { belowOrAt, olderThanMs } = pruneBounds(
          await this.rows.counter(db, RV),
          this.clock(),
          this.retention,
        );
        await this.rows.pruneEvents(db, belowOrAt, olderThanMs);
      }
    });
    this.feed.kick();
  }

  /** Records the event header; a DELETED one keeps the object as its tombstone. */
  private async record(
    db: SqlExecutor,
    type: api.WatchEventType,
    object: StoredObject,
    uid: string,
    tombstone?: string,
  ): Promise<void> {
    const change: ChangeRecord = {
      resourceVersion: Number(object.metadata.resourceVersion),
      type,
      ...keyOf(object),
      uid,
      ...(tombstone === undefined ? {} : { tombstone }),
    };
    await this.rows.insertEvent(db, change, this.clock().getTime());
  }

  private async select(
    db: SqlExecutor,
    kind: string,
    namespace: string,
    selection: Selection,
    after: { namespace: string; name: string } | undefined,
    limit: number,
  ): Promise<ResourceRow[]> {
    const query = buildListQuery(kind, namespace, selection, after, limit, this.dialect.labelColumns);
    return db.query<ResourceRow & Record<string, unknown>>(query.sql, query.params);
  }

  /** Objects from rows, with their Workflows' nodes (read in one query) when asked. */
  private async materialize(
    db: SqlExecutor,
    rows: ResourceRow[],
    withNodes: boolean,
  ): Promise<StoredObject[]> {
    const objects = rows.map((r) => joinParts(r));
    if (!withNodes) return objects;
    const uids = rows.filter((r) => r.kind === WORKFLOW_KIND).map((r) => r.uid);
    if (uids.length === 0) return objects;
    const nodes = await this.rows.nodes(db, uids);
    return objects.map((o, i) =>
      o.kind === WORKFLOW_KIND ? attachNodes(o, nodesFromRows(nodes.get(rows[i]?.uid ?? '') ?? [])) : o,
    );
  }

  /** A watch event's object: the tombstone of a DELETED, else the current row (undefined once gone). */
  private async materializeChange(
    change: ChangeRecord,
    withNodes: boolean,
  ): Promise<StoredObject | undefined> {
    if (change.tombstone !== undefined) {
      const object = JSON.parse(change.tombstone) as StoredObject;
      if (!withNodes || object.kind !== WORKFLOW_KIND) return object;
      const nodes = await this.rows.nodes(this.client, [change.uid]);
      return attachNodes(object, nodesFromRows(nodes.get(change.uid) ?? []));
    }
    return this.client.transaction(async (db) => {
      const row = await this.rows.byUid(db, change.uid);
      return row && (await this.materialize(db, [row], withNodes))[0];
    }, SNAPSHOT);
  }
}
