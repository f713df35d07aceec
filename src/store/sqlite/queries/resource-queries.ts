/** Rows of `resources` (an object as metadata, body and status: see stored-parts.ts) and their `labels`. */

import type { ResourceKey } from '../../resource-meta.js';
import type { StoredParts } from '../../stored-parts.js';
import type { Statements } from './statements.js';

/** What an update needs first: no body, no status (they can be large). */
export interface ResourceHead {
  uid: string;
  metadata: string;
  resource_version: number;
}

export interface ResourceRow extends StoredParts {
  uid: string;
  kind: string;
  namespace: string;
  name: string;
}

export const ROW_COLUMNS = 'uid, kind, namespace, name, metadata, body, status';

export class ResourceQueries {
  constructor(private readonly sql: Statements) {}

  byKey(key: ResourceKey): ResourceRow | undefined {
    return this.sql
      .get<ResourceRow>(`SELECT ${ROW_COLUMNS} FROM resources WHERE kind = ? AND namespace = ? AND name = ?`)
      .get(key.kind, key.namespace, key.name);
  }

  byUid(uid: string): ResourceRow | undefined {
    return this.sql.get<ResourceRow>(`SELECT ${ROW_COLUMNS} FROM resources WHERE uid = ?`).get(uid);
  }

  head(key: ResourceKey): ResourceHead | undefined {
    return this.sql
      .get<ResourceHead>(
        'SELECT uid, metadata, resource_version FROM resources WHERE kind = ? AND namespace = ? AND name = ?',
      )
      .get(key.kind, key.namespace, key.name);
  }

  version(uid: string): number | undefined {
    return this.sql.get<number>('SELECT resource_version FROM resources WHERE uid = ?').pluck(true).get(uid);
  }

  body(uid: string): string {
    return this.sql.get<string>('SELECT body FROM resources WHERE uid = ?').pluck(true).get(uid) ?? '';
  }

  exists(key: ResourceKey): boolean {
    return (
      this.sql
        .get('SELECT 1 FROM resources WHERE kind = ? AND namespace = ? AND name = ?')
        .get(key.kind, key.namespace, key.name) !== undefined
    );
  }

  insert(uid: string, key: ResourceKey, resourceVersion: number, phase: string, parts: StoredParts): void {
    this.sql
      .get(
        'INSERT INTO resources (uid, kind, namespace, name, resource_version, phase, metadata, body, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        uid,
        key.kind,
        key.namespace,
        key.name,
        resourceVersion,
        phase,
        parts.metadata,
        parts.body,
        parts.status,
      );
  }

  /** `body` undefined keeps the stored body (not rewritten). */
  update(
    uid: string,
    resourceVersion: number,
    phase: string,
    parts: { metadata: string; body: string | undefined; status: string | null },
  ): void {
    if (parts.body === undefined) {
      this.sql
        .get('UPDATE resources SET resource_version = ?, phase = ?, metadata = ?, status = ? WHERE uid = ?')
        .run(resourceVersion, phase, parts.metadata, parts.status, uid);
    } else {
      this.sql
        .get(
          'UPDATE resources SET resource_version = ?, phase = ?, metadata = ?, body = ?, status = ? WHERE uid = ?',
        )
        .run(resourceVersion, phase, parts.metadata, parts.body, parts.status, uid);
    }
  }

  /** Deletes the row; its labels and workflow nodes go with it (ON DELETE CASCADE). */
  delete(uid: string): void {
    this.sql.get('DELETE FROM resources WHERE uid = ?').run(uid);
  }

  replaceLabels(uid: string, labels: Record<string, string> | undefined): void {
    this.sql.get('DELETE FROM labels WHERE uid = ?').run(uid);
    const insert = this.sql.get('INSERT INTO labels (uid, key, value) VALUES (?, ?, ?)');
    for (const [key, value] of Object.entries(labels ?? {})) insert.run(uid, key, value);
  }
}
