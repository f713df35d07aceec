/** Numbered migrations of the PostgreSQL and MySQL schemas: each dialect lists its own; never edit a shipped one. */

import { TerminalError } from '../../errors/index.js';
import type { SqlExecutor } from './sql-client.js';

export interface SqlMigration {
  version: number;
  name: string;
  /** Statements, run one by one. */
  statements: readonly string[];
}

/** Applies the migrations after `current`, recording each; refuses a database newer than we know. */
export async function applyMigrations(
  db: SqlExecutor,
  current: number,
  migrations: readonly SqlMigration[],
  run: (sql: string) => Promise<unknown>,
): Promise<number> {
  const known = migrations.at(-1)?.version ?? 0;
  if (current > known) {
    throw new TerminalError(
      `the database has schema version ${current}, newer than this argosy knows (${known}): upgrade argosy`,
    );
  }
  let version = current;
  for (const migration of migrations) {
    if (migration.version <= version) continue;
    for (const statement of migration.statements) await run(statement);
    await db.execute('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
      migration.version,
      migration.name,
      new Date().toISOString(),
    ]);
    version = migration.version;
  }
  return version;
}
