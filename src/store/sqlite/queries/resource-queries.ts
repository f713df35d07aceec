/** Rows of `resources` and their `labels`. */

import type { ResourceKey } from '../../resource-meta.js';
import type { Statements } from './statements.js';

export interface ResourceRow {
  uid: string;
  kind: string;
  namespace: string;
  name: string;
  object: string;
}

const COLUMNS = 'uid, kind, namespace, name, object';

export class ResourceQueries {
  constructor(private readonly sql: Statements) {}

  byKey(key: ResourceKey): ResourceRow | undefined {
    return this.sql
      .get<ResourceRow>(`SELECT ${COLUMNS} FROM resources WHERE kind = ? AND namespace = ? AND name = ?`)
      .get(key.kind, key.namespace, key.name);
  }

  exists(key: ResourceKey): boolean {
    return (
      this.sql
        .get('SELECT 1 FROM resources WHERE kind = ? AND namespace = ? AND name = ?')
        .get(key.kind, key.namespace, key.name) !== undefined
    );
  }

  insert(uid: string, key: ResourceKey, resourceVersion: number, phase: string, object: string): void {
    this.sql
      .get(
        'INSERT INTO resources (uid, kind, namespace, name, resource_version, phase, object) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(uid, key.kind, key.namespace, key.name, resourceVersion, phase, object);
  }

  update(uid: string, resourceVersion: number, phase: string, object: string): void {
    this.sql
      .get('UPDATE resources SET resource_version = ?, phase = ?, object = ? WHERE uid = ?')
      .run(resourceVersion, phase, object, uid);
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
