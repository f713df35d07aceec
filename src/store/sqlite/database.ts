/**
 * Opening an SQLite database with better-sqlite3, typed by the few methods we use (the package
 * ships no types and we keep @types out of the build).
 *
 * Durability: WAL journal, and `synchronous=FULL` by default, so a commit is on disk (fsync of the
 * WAL) before create/update resolves: it survives kill -9 and power loss. `NORMAL` skips that
 * fsync; under WAL a committed transaction still survives a crash of the process (the WAL is in
 * the OS page cache), and only an OS crash or power loss can lose the last commits.
 */

import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

export interface RunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

export interface Statement<Row = unknown> {
  run(...params: unknown[]): RunResult;
  get(...params: unknown[]): Row | undefined;
  all(...params: unknown[]): Row[];
  iterate(...params: unknown[]): IterableIterator<Row>;
  pluck(toggle?: boolean): this;
  raw(toggle?: boolean): this;
}

export interface Transaction<A extends unknown[], R> {
  (...args: A): R;
  deferred(...args: A): R;
  immediate(...args: A): R;
}

export interface Database {
  prepare<Row = unknown>(sql: string): Statement<Row>;
  exec(sql: string): Database;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  transaction<A extends unknown[], R>(fn: (...args: A) => R): Transaction<A, R>;
  close(): void;
  readonly open: boolean;
  readonly inTransaction: boolean;
}

type DatabaseConstructor = new (path: string, options?: { timeout?: number }) => Database;

const require = createRequire(import.meta.url);

export type Synchronous = 'FULL' | 'NORMAL';

export interface OpenDatabaseOptions {
  synchronous?: Synchronous;
  /** How long a write waits for another process's write to finish (ms). */
  busyTimeoutMs?: number;
}

export function openDatabase(path: string, options: OpenDatabaseOptions = {}): Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const BetterSqlite = require('better-sqlite3') as DatabaseConstructor;
  const busyTimeoutMs = options.busyTimeoutMs ?? 10_000;
  const db = new BetterSqlite(path, { timeout: busyTimeoutMs });
  try {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    // Two processes opening a new file at once both try to turn it to WAL; SQLite answers one of
    // them SQLITE_BUSY at once (a lock upgrade the busy handler cannot wait for), so retry here.
    retryWhileBusy(() => db.pragma('journal_mode = WAL'), busyTimeoutMs);
    db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    db.pragma('foreign_keys = ON');
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/** Runs `fn`, again after a short pause while it fails with SQLITE_BUSY, for up to `timeoutMs`. */
export function retryWhileBusy<R>(fn: () => R, timeoutMs: number, now: () => number = Date.now): R {
  const until = now() + timeoutMs;
  for (let wait = 1; ; wait = Math.min(wait * 2, 50)) {
    try {
      return fn();
    } catch (err) {
      if ((err as { code?: unknown }).code !== 'SQLITE_BUSY' || now() >= until) throw err;
      Atomics.wait(pause, 0, 0, wait);
    }
  }
}

/** Runs `fn` in a write transaction, taking the write lock first (no lock upgrade, no deadlock). */
export function writeTransaction<R>(db: Database, fn: () => R): R {
  return db.transaction(fn).immediate();
}

/** Runs `fn` in a read transaction: every query sees the same snapshot. */
export function readTransaction<R>(db: Database, fn: () => R): R {
  return db.inTransaction ? fn() : db.transaction(fn).deferred();
}
