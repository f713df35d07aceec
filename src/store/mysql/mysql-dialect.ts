/**
 * MySQL/MariaDB's side of the SQL store: counters bumped through LAST_INSERT_ID (the row stays
 * locked to commit), ON DUPLICATE KEY upserts, migrations under a named lock (DDL commits
 * implicitly, so a transaction cannot guard them).
 */

import { TerminalError } from '../../errors/index.js';
import type { SqlClient, SqlExecutor } from '../sql/sql-client.js';
import { type SqlDialect, tuples } from '../sql/sql-dialect.js';
import { applyMigrations } from '../sql/sql-migrations.js';
import { MYSQL_MIGRATIONS } from './migrations.js';

const MIGRATION_LOCK = 'argosy_schema_migrations';

export const mysqlDialect: SqlDialect = {
  name: 'mysql',
  labelColumns: { key: 'label_key', value: 'label_value' },

  async bumpCounter(tx: SqlExecutor, name: string, by: number): Promise<number> {
    await tx.execute('UPDATE counters SET value = LAST_INSERT_ID(value + ?) WHERE name = ?', [by, name]);
    const rows = await tx.query<{ v: unknown }>('SELECT LAST_INSERT_ID() AS v');
    return Number(rows[0]?.v);
  },

  upsert(table, columns, _key, update, rows) {
    const set = update.map((c) => `${c} = VALUES(${c})`).join(', ');
    return `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples(columns.length, rows)} ON DUPLICATE KEY UPDATE ${set}`;
  },

  insertIgnore(table, columns) {
    return `INSERT IGNORE INTO ${table} (${columns.join(', ')}) VALUES ${tuples(columns.length, 1)}`;
  },

  nowMsQuery: 'SELECT CAST(UNIX_TIMESTAMP(NOW(3)) * 1000 AS SIGNED) AS now_ms',

  migrate: (client: SqlClient) => migrateWithLock(client),
};

async function migrateWithLock(client: SqlClient): Promise<number> {
  // GET_LOCK belongs to a session: take it, migrate and release it on one connection.
  return client.transaction(async (db) => {
    const got = await db.query<{ ok: unknown }>('SELECT GET_LOCK(?, 60) AS ok', [MIGRATION_LOCK]);
    if (Number(got[0]?.ok) !== 1)
      throw new TerminalError('timed out waiting for another process migrating the database');
    try {
      await db.execute(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INT PRIMARY KEY, name VARCHAR(200) NOT NULL, applied_at VARCHAR(40) NOT NULL)',
      );
      const rows = await db.query<{ v: unknown }>('SELECT max(version) AS v FROM schema_migrations');
      return await applyMigrations(db, Number(rows[0]?.v ?? 0), MYSQL_MIGRATIONS, (sql) => db.execute(sql));
    } finally {
      await db.query('SELECT RELEASE_LOCK(?)', [MIGRATION_LOCK]);
    }
  });
}
