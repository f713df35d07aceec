/**
 * The row-level statements of the PostgreSQL and MySQL stores (one schema for both; the dialect
 * supplies what differs). Every value is a parameter.
 */

import type { ChangeRecord } from '../feed/change-feed.js';
import type { LogPiece } from '../logs.js';
import type { ResourceKey } from '../resource-meta.js';
import type { LogFilter, LogLine, LogRef, LogStream } from '../store.js';
import type { StoredParts } from '../stored-parts.js';
import type { NodeChanges } from '../workflow-nodes.js';
import type { SqlExecutor } from './sql-client.js';
import { type SqlDialect, tuples } from './sql-dialect.js';

export interface ResourceRow extends StoredParts {
  uid: string;
  kind: string;
  namespace: string;
  name: string;
}

export const ROW_COLUMNS = 'uid, kind, namespace, name, metadata, body, status';
const KEY_WHERE = 'kind = ? AND namespace = ? AND name = ?';
const BATCH = 500;

const keyParams = (key: ResourceKey) => [key.kind, key.namespace, key.name];

export class SqlRows {
  constructor(private readonly dialect: SqlDialect) {}

  async counter(db: SqlExecutor, name: string): Promise<number> {
    const rows = await db.query<{ value: unknown }>('SELECT value FROM counters WHERE name = ?', [name]);
    return Number(rows[0]?.value ?? 0);
  }

  async byKey(db: SqlExecutor, key: ResourceKey): Promise<ResourceRow | undefined> {
    const rows = await db.query<ResourceRow & Record<string, unknown>>(
      `SELECT ${ROW_COLUMNS} FROM resources WHERE ${KEY_WHERE}`,
      keyParams(key),
    );
    return rows[0];
  }

  async byUid(db: SqlExecutor, uid: string): Promise<ResourceRow | undefined> {
    const rows = await db.query<ResourceRow & Record<string, unknown>>(
      `SELECT ${ROW_COLUMNS} FROM resources WHERE uid = ?`,
      [uid],
    );
    return rows[0];
  }

  /** uid and metadata, and the body only when asked (it can be large). */
  async head(
    db: SqlExecutor,
    key: ResourceKey,
    withBody: boolean,
  ): Promise<{ uid: string; metadata: string; body?: string } | undefined> {
    const rows = await db.query<{ uid: string; metadata: string; body?: string }>(
      `SELECT uid, metadata${withBody ? ', body' : ''} FROM resources WHERE ${KEY_WHERE}`,
      keyParams(key),
    );
    return rows[0];
  }

  async version(db: SqlExecutor, uid: string): Promise<number | undefined> {
    const rows = await db.query<{ v: unknown }>('SELECT resource_version AS v FROM resources WHERE uid = ?', [
      uid,
    ]);
    return rows[0] === undefined ? undefined : Number(rows[0].v);
  }

  async exists(db: SqlExecutor, key: ResourceKey): Promise<boolean> {
    return (await db.query(`SELECT 1 AS x FROM resources WHERE ${KEY_WHERE}`, keyParams(key))).length > 0;
  }

  async insert(
    db: SqlExecutor,
    uid: string,
    key: ResourceKey,
    rv: number,
    phase: string,
    parts: StoredParts,
  ): Promise<void> {
    await db.execute(
      'INSERT INTO resources (uid, kind, namespace, name, resource_version, phase, metadata, body, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [uid, key.kind, key.namespace, key.name, rv, phase, parts.metadata, parts.body, parts.status],
    );
  }

  /** `body` undefined keeps the stored body (not rewritten). */
  async update(
    db: SqlExecutor,
    uid: string,
    rv: number,
    phase: string,
    parts: { metadata: string; body: string | undefined; status: string | null },
  ): Promise<void> {
    if (parts.body === undefined) {
      await db.execute(
        'UPDATE resources SET resource_version = ?, phase = ?, metadata = ?, status = ? WHERE uid = ?',
        [rv, phase, parts.metadata, parts.status, uid],
      );
    } else {
      await db.execute(
        'UPDATE resources SET resource_version = ?, phase = ?, metadata = ?, body = ?, status = ? WHERE uid = ?',
        [rv, phase, parts.metadata, parts.body, parts.status, uid],
      );
    }
  }

  /** Deletes the row; labels and workflow nodes go with it (ON DELETE CASCADE). */
  async delete(db: SqlExecutor, uid: string): Promise<void> {
    await db.execute('DELETE FROM resources WHERE uid = ?', [uid]);
  }

  async replaceLabels(
    db: SqlExecutor,
    uid: string,
    labels: Record<string, string> | undefined,
  ): Promise<void> {
    await db.execute('DELETE FROM labels WHERE uid = ?', [uid]);
    const entries = Object.entries(labels ?? {});
    if (entries.length === 0) return;
    const { key, value } = this.dialect.labelColumns;
    await db.execute(
      `INSERT INTO labels (uid, ${key}, ${value}) VALUES ${tuples(3, entries.length)}`,
      entries.flatMap(([k, v]) => [uid, k, v]),
    );
  }

  /** [node id, node JSON] of each workflow, sorted by node id. */
  async nodes(db: SqlExecutor, uids: readonly string[]): Promise<Map<string, Array<[string, string]>>> {
    const out = new Map<string, Array<[string, string]>>();
    for (let i = 0; i < uids.length; i += BATCH) {
      const part = uids.slice(i, i + BATCH);
      const rows = await db.query<{ workflow_uid: string; node_id: string; node: string }>(
        `SELECT workflow_uid, node_id, node FROM workflow_nodes WHERE workflow_uid IN (${part.map(() => '?').join(', ')}) ORDER BY workflow_uid, node_id`,
        part,
      );
      for (const r of rows) {
        const list = out.get(r.workflow_uid) ?? [];
        list.push([r.node_id, r.node]);
        out.set(r.workflow_uid, list);
      }
    }
    return out;
  }

  async applyNodes(db: SqlExecutor, uid: string, changes: NodeChanges): Promise<void> {
    for (let i = 0; i < changes.upserts.length; i += BATCH) {
      const part = changes.upserts.slice(i, i + BATCH);
      await db.execute(
        this.dialect.upsert(
          'workflow_nodes',
          ['workflow_uid', 'node_id', 'node'],
          ['workflow_uid', 'node_id'],
          ['node'],
          part.length,
        ),
        part.flatMap(([id, json]) => [uid, id, json]),
      );
    }
    for (let i = 0; i < changes.deletes.length; i += BATCH) {
      const part = changes.deletes.slice(i, i + BATCH);
      await db.execute(
        `DELETE FROM workflow_nodes WHERE workflow_uid = ? AND node_id IN (${part.map(() => '?').join(', ')})`,
        [uid, ...part],
      );
    }
  }

  async insertEvent(db: SqlExecutor, change: ChangeRecord, createdAtMs: number): Promise<void> {
    await db.execute(
      'INSERT INTO events (resource_version, type, kind, namespace, name, uid, tombstone, created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [
        change.resourceVersion,
        change.type,
        change.kind,
        change.namespace,
        change.name,
        change.uid,
        change.tombstone ?? null,
        createdAtMs,
      ],
    );
  }

  async eventsAfter(db: SqlExecutor, rv: number, limit: number): Promise<ChangeRecord[]> {
    const rows = await db.query<{
      resource_version: unknown;
      type: ChangeRecord['type'];
      kind: string;
      namespace: string;
      name: string;
      uid: string;
      tombstone: string | null;
    }>(
      'SELECT resource_version, type, kind, namespace, name, uid, tombstone FROM events WHERE resource_version > ? ORDER BY resource_version LIMIT ?',
      [rv, limit],
    );
    return rows.map((r) => ({
      resourceVersion: Number(r.resource_version),
      type: r.type,
      kind: r.kind,
      namespace: r.namespace,
      name: r.name,
      uid: r.uid,
      ...(r.tombstone === null ? {} : { tombstone: r.tombstone }),
    }));
  }

  /** Deletes events at or below `belowOrAt` and older than `olderThanMs`. */
  async pruneEvents(db: SqlExecutor, belowOrAt: number, olderThanMs: number): Promise<void> {
    const rows = await db.query<{ rv: unknown }>(
      'SELECT max(resource_version) AS rv FROM events WHERE resource_version <= ? AND created_at_ms < ?',
      [belowOrAt, olderThanMs],
    );
    const through = rows[0]?.rv;
    if (through === null || through === undefined) return;
    await db.execute('DELETE FROM events WHERE resource_version <= ?', [Number(through)]);
    await db.execute("UPDATE counters SET value = GREATEST(value, ?) WHERE name = 'events_pruned_through'", [
      Number(through),
    ]);
  }

  async insertLogs(
    db: SqlExecutor,
    firstSeq: number,
    ref: LogRef,
    stream: LogStream,
    time: string,
    pieces: LogPiece[],
  ): Promise<void> {
    for (let i = 0; i < pieces.length; i += BATCH) {
      const part = pieces.slice(i, i + BATCH);
      await db.execute(
        `INSERT INTO logs (seq, namespace, workflow, pod_name, container, stream, time, content, partial) VALUES ${tuples(9, part.length)}`,
        part.flatMap((p, j) => [
          firstSeq + i + j,
          ref.namespace,
          ref.workflow,
          ref.podName,
          ref.container,
          stream,
          time,
          p.content,
          p.partial,
        ]),
      );
    }
  }

  async logsAfter(db: SqlExecutor, seq: number, limit: number, filter?: LogFilter): Promise<LogLine[]> {
    const where = ['seq > ?'];
    const params: unknown[] = [seq];
    if (filter) {
      where.push('namespace = ?', 'workflow = ?');
      params.push(filter.namespace, filter.workflow);
      if (filter.podName !== undefined) {
        where.push('pod_name = ?');
        params.push(filter.podName);
      }
      if (filter.container !== undefined) {
        where.push('container = ?');
        params.push(filter.container);
      }
    }
    let sql = `SELECT seq, namespace, workflow, pod_name, container, stream, time, content, partial FROM logs WHERE ${where.join(' AND ')} ORDER BY seq`;
    if (limit > 0) {
      sql += ' LIMIT ?';
      params.push(limit);
    }
    const rows = await db.query<{
      seq: unknown;
      namespace: string;
      workflow: string;
      pod_name: string;
      container: string;
      stream: LogStream;
      time: string;
      content: string;
      partial: unknown;
    }>(sql, params);
    return rows.map((r) => ({
      seq: Number(r.seq),
      namespace: r.namespace,
      workflow: r.workflow,
      podName: r.pod_name,
      container: r.container,
      stream: r.stream,
      time: r.time,
      content: r.content,
      partial: r.partial === true || Number(r.partial) === 1,
    }));
  }

  async deleteLogs(db: SqlExecutor, namespace: string, workflow: string): Promise<void> {
    await db.execute('DELETE FROM logs WHERE namespace = ? AND workflow = ?', [namespace, workflow]);
  }
}
