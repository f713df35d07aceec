/**
 * Where PostgreSQL and MySQL differ, for the shared SqlStore: counters taken under a row lock, the
 * upsert syntax, the database clock, column names and migrations.
 */

import type { LabelColumns } from '../list-query.js';
import type { SqlClient, SqlExecutor } from './sql-client.js';

export interface SqlDialect {
  readonly name: 'postgres' | 'mysql';
  readonly labelColumns: LabelColumns;
  /**
   * Adds `by` to a counter and returns its new value. The counter row stays locked until the
   * transaction ends, so writers take resourceVersions (and log seqs) in commit order and a reader
   * polling `> last` never skips one that commits later.
   */
  bumpCounter(tx: SqlExecutor, name: string, by: number): Promise<number>;
  /** INSERT of `rows` tuples into `table(columns)`, updating `update` columns on a key conflict. */
  upsert(
    table: string,
    columns: readonly string[],
    key: readonly string[],
    update: readonly string[],
    rows: number,
  ): string;
  /** INSERT that does nothing when the key exists. */
  insertIgnore(table: string, columns: readonly string[]): string;
  /** A SELECT giving the database's clock as milliseconds since the epoch, in column `now_ms`. */
  readonly nowMsQuery: string;
  /** Applies the numbered migrations the database lacks; returns the schema version. */
  migrate(client: SqlClient): Promise<number>;
}

/** `(?, ?, ?), (?, ?, ?)` for `rows` tuples of `width` values. */
export function tuples(width: number, rows: number): string {
  const one = `(${Array.from({ length: width }, () => '?').join(', ')})`;
  return Array.from({ length: rows }, () => one).join(', ');
}
