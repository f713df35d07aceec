/** SqlClient over a `pg` connection pool: `?` placeholders become `$1, $2...`; int8 columns come back as numbers. */

import pg from 'pg';
import {
  type Row,
  retryAborted,
  type SqlClient,
  type SqlExecutor,
  type TransactionOptions,
} from '../sql/sql-client.js';

/** deadlock_detected, serialization_failure: the transaction was rolled back and may run again. */
const ABORTED = new Set(['40P01', '40001']);
const isAborted = (err: unknown) => ABORTED.has((err as { code?: string }).code ?? '');

const INT8_OID = 20;

/** `?` to `$n`. Our SQL has no `?` inside literals or identifiers. */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

function executor(db: pg.Pool | pg.PoolClient): SqlExecutor {
  return {
    async query<R extends Row>(sql: string, params: readonly unknown[] = []) {
      const result = await db.query(numberPlaceholders(sql), params as unknown[]);
      return result.rows as R[];
    },
    async execute(sql: string, params: readonly unknown[] = []) {
      const result = await db.query(numberPlaceholders(sql), params as unknown[]);
      return result.rowCount ?? 0;
    },
  };
}

export function createPgClient(connectionString: string, options: { max?: number } = {}): SqlClient {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 5, types });
  // An idle client losing its connection (server restart) must not crash the process.
  pool.on('error', () => {});
  const base = executor(pool);
  return {
    ...base,
    transaction<R>(fn: (tx: SqlExecutor) => Promise<R>, opts: TransactionOptions = {}): Promise<R> {
      return retryAborted(() => once(fn, opts), isAborted);
    },
    async close() {
      await pool.end();
    },
  };

  async function once<R>(fn: (tx: SqlExecutor) => Promise<R>, opts: TransactionOptions): Promise<R> {
    const client = await pool.connect();
    try {
      await client.query(
        opts.snapshot
          ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY'
          : 'BEGIN ISOLATION LEVEL READ COMMITTED',
      );
      const result = await fn(executor(client));
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }
}
