/** SqlClient over a `mysql2` pool (MySQL 8 or MariaDB 10.5+). Values go as `?` parameters, escaped by the driver. */

import mysql from 'mysql2/promise';
import {
  type Row,
  retryAborted,
  type SqlClient,
  type SqlExecutor,
  type TransactionOptions,
} from '../sql/sql-client.js';

/** ER_LOCK_DEADLOCK, ER_LOCK_WAIT_TIMEOUT: the transaction was rolled back and may run again. */
const ABORTED = new Set([1213, 1205]);
const isAborted = (err: unknown) => ABORTED.has((err as { errno?: number }).errno ?? 0);

type Queryable = Pick<mysql.Pool, 'query'> | Pick<mysql.PoolConnection, 'query'>;

function executor(db: Queryable): SqlExecutor {
  return {
    async query<R extends Row>(sql: string, params: readonly unknown[] = []) {
      const [rows] = await db.query(sql, params as unknown[]);
      return (Array.isArray(rows) ? rows : []) as R[];
    },
    async execute(sql: string, params: readonly unknown[] = []) {
      const [result] = await db.query(sql, params as unknown[]);
      return (result as mysql.ResultSetHeader).affectedRows ?? 0;
    },
  };
}

export function createMysqlClient(uri: string, options: { max?: number } = {}): SqlClient {
  const pool = mysql.createPool({
    uri,
    connectionLimit: options.max ?? 5,
    // Dates and big numbers stay as the schema stores them: text and BIGINT as number.
    dateStrings: true,
    charset: 'utf8mb4_bin',
  });
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
    const conn = await pool.getConnection();
    try {
      if (opts.snapshot) {
        await conn.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
        await conn.query('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
      } else {
        await conn.query('SET TRANSACTION ISOLATION LEVEL READ COMMITTED');
        await conn.query('START TRANSACTION');
      }
      const result = await fn(executor(conn));
      await conn.query('COMMIT');
      return result;
    } catch (err) {
      await conn.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      conn.release();
    }
  }
}
