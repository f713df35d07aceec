/**
 * The resourceVersion counter and the `events` table behind watch. Every write takes the next
 * resourceVersion inside its write transaction and records one event, so events commit in
 * resourceVersion order and a reader polling `resource_version > last` never misses one. An event
 * is a header (a few dozen bytes); only a DELETED one keeps the object, as its tombstone.
 */

import type { ChangeRecord } from '../../feed/change-feed.js';
import type { Statements } from './statements.js';

interface EventRow {
  resource_version: number;
  type: ChangeRecord['type'];
  kind: string;
  namespace: string;
  name: string;
  uid: string;
  tombstone: string | null;
}

export class EventQueries {
  constructor(private readonly sql: Statements) {}

  /** Call inside a write transaction. */
  nextResourceVersion(): number {
    const row = this.sql
      .get<{ value: number }>(
        "UPDATE counters SET value = value + 1 WHERE name = 'resource_version' RETURNING value",
      )
      .get();
    return row?.value ?? 0;
  }

  latestResourceVersion(): number {
    return this.counter('resource_version');
  }

  prunedThrough(): number {
    return this.counter('events_pruned_through');
  }

  insert(change: ChangeRecord, createdAtMs: number): void {
    this.sql
      .get(
        'INSERT INTO events (resource_version, type, kind, namespace, name, uid, tombstone, created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        change.resourceVersion,
        change.type,
        change.kind,
        change.namespace,
        change.name,
        change.uid,
        change.tombstone ?? null,
        createdAtMs,
      );
  }

  after(resourceVersion: number, limit: number): ChangeRecord[] {
    return this.sql
      .get<EventRow>(
        'SELECT resource_version, type, kind, namespace, name, uid, tombstone FROM events WHERE resource_version > ? ORDER BY resource_version LIMIT ?',
      )
      .all(resourceVersion, limit)
      .map((r) => ({
        resourceVersion: r.resource_version,
        type: r.type,
        kind: r.kind,
        namespace: r.namespace,
        name: r.name,
        uid: r.uid,
        ...(r.tombstone === null ? {} : { tombstone: r.tombstone }),
      }));
  }

  /** Deletes events at or below `belowOrAt` and older than `olderThanMs`; call inside a write transaction. */
  prune(belowOrAt: number, olderThanMs: number): void {
    const row = this.sql
      .get<{ rv: number | null }>(
        'SELECT max(resource_version) AS rv FROM events WHERE resource_version <= ? AND created_at_ms < ?',
      )
      .get(belowOrAt, olderThanMs);
    const through = row?.rv;
    if (through === null || through === undefined) return;
    this.sql.get('DELETE FROM events WHERE resource_version <= ?').run(through);
    this.sql
      .get("UPDATE counters SET value = max(value, ?) WHERE name = 'events_pruned_through'")
      .run(through);
  }

  private counter(name: string): number {
    return this.sql.get<number>('SELECT value FROM counters WHERE name = ?').pluck(true).get(name) ?? 0;
  }
}
