/**
 * What the PostgreSQL and MySQL stores need from a driver: queries with `?` placeholders (the
 * values always travel as parameters, never inside the SQL text) and transactions on one
 * connection. Each driver adapter (postgres/, mysql/) implements it.
 */

export type Row = Record<string, unknown>;

export interface SqlExecutor {
  /** Runs one statement; `?` marks each parameter. Returns the rows (none for a write). */
  query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** Runs one write statement and returns how many rows it changed. */
  execute(sql: string, params?: readonly unknown[]): Promise<number>;
}

export interface TransactionOptions {
  snapshot?: boolean;
}

export interface SqlClient extends SqlExecutor {
  /**
   * Runs `fn` in a transaction on one connection; commits when it resolves, rolls back when it
   * throws. READ COMMITTED (writes serialise on locked rows); with `snapshot`, every read sees one
   * consistent snapshot (REPEATABLE READ), for reads that span several statements.
   */
  transaction<R>(fn: (tx: SqlExecutor) => Promise<R>, options?: TransactionOptions): Promise<R>;
  close(): Promise<void>;
}

const RETRIES = 5;

/**
 * Runs a transaction again when the server aborted it as a deadlock victim or serialization
 * failure (nothing of it was committed), a few times with a short random pause.
 */
export async function retryAborted<R>(
  run: () => Promise<R>,
  isAborted: (err: unknown) => boolean,
): Promise<R> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      if (attempt >= RETRIES || !isAborted(err)) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
    }
  }
}
