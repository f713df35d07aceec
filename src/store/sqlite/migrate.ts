/**
 * Applies the numbered migrations a database lacks, each in its own write transaction, recording
 * it in `schema_migrations`. Safe when several processes open the same file at once: the version
 * is re-read under the write lock.
 */

import { TerminalError } from '../../errors/index.js';
import { type Database, writeTransaction } from './database.js';
import { MIGRATIONS, type Migration } from './migrations/index.js';

export function currentSchemaVersion(db: Database): number {
  const row = db.prepare<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations').get();
  return row?.v ?? 0;
}

export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const known = migrations.at(-1)?.version ?? 0;
  for (const migration of migrations) {
    writeTransaction(db, () => {
      const current = currentSchemaVersion(db);
      if (current > known) {
        throw new TerminalError(
          `the database has schema version ${current}, newer than this argosy knows (${known}): upgrade argosy`,
        );
      }
      if (current >= migration.version) return;
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        new Date().toISOString(),
      );
    });
  }
  return currentSchemaVersion(db);
}
