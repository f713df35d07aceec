/** PostgreSQL's side of the SQL store: locked counters with RETURNING, ON CONFLICT upserts, migrations under an advisory lock. */

import type { SqlClient, SqlExecutor } from '../sql/sql-client.js';
import { type SqlDialect, tuples } from '../sql/sql-dialect.js';
import { applyMigrations } from '../sql/sql-migrations.js';
import { PG_MIGRATIONS } from './migrations.js';

/** Any constant: the key of the advisory lock migrations take. */
const MIGRATION_LOCK = 4_207_305_117;

export const postgresDialect: SqlDialect = {
  name: 'postgres',
  labelColumns: { key: 'label_key', value: 'label_value' },

  async bumpCounter(tx: SqlExecutor, name: string, by: number): Promise<number> {
    const rows = await tx.query<{ value: unknown }>(
      'UPDATE counters SET value = value + ? WHERE name = ? RETURNING value',
      [by, name],
    );
    return Number(rows[0]?.value);
  },

  upsert(table, columns, key, update, rows) {
    const set = update.map((c) => `${c} = EXCLUDED.${c}`).join(', ');
    return `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples(columns.length, rows)} ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${set}`;
  },

  insertIgnore(table, columns) {
    return `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples(columns.length, 1)} ON CONFLICT DO NOTHING`;
  },

  nowMsQuery: 'SELECT (extract(epoch from clock_timestamp()) * 1000)::bigint AS now_ms',

  async migrate(client: SqlClient): Promise<number> {
    return client.transaction(async (tx) => {
      // One migrating process at a time; the others wait and then find nothing to do.
      await tx.query('SELECT pg_advisory_xact_lock(?)', [MIGRATION_LOCK]);
      await tx.execute(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
      );
      const rows = await tx.query<{ v: unknown }>('SELECT max(version) AS v FROM schema_migrations');
      return applyMigrations(tx, Number(rows[0]?.v ?? 0), PG_MIGRATIONS, (sql) => tx.execute(sql));
    });
  },
};
