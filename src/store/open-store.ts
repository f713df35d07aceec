/**
 * `openStore(url)`: the store a URL names, migrated and ready.
 *   sqlite:PATH, sqlite://PATH or a bare file path  -> SqliteStore (the embedded default)
 *   postgres://user:pass@host:port/db (postgresql://) -> PostgreSQL
 *   mysql://user:pass@host:port/db (mariadb://)       -> MySQL / MariaDB
 * Anything else is a ValidationError naming the forms it accepts (the URL shown without password).
 */

import { resolve } from 'node:path';
import { ValidationError } from '../errors/index.js';
import type { EventRetention } from './event-retention.js';
import type { Synchronous } from './sqlite/database.js';
import { SqliteStore } from './sqlite/sqlite-store.js';
import type { Clock, Store } from './store.js';

export interface OpenStoreOptions {
  clock?: Clock;
  /** How often watches look for other processes' writes. */
  pollMs?: number;
  eventRetention?: Partial<EventRetention>;
  /** SQLite only: FULL (default) or NORMAL. */
  synchronous?: Synchronous;
  /** PostgreSQL/MySQL: connections in the pool (default 5). */
  poolSize?: number;
}

export type StoreLocation =
  | { type: 'sqlite'; path: string }
  | { type: 'postgres'; url: string }
  | { type: 'mysql'; url: string };

const FORMS = 'sqlite:PATH, a file path, postgres://USER@HOST:PORT/DB or mysql://USER@HOST:PORT/DB';

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@');
  }
}

export function parseStoreUrl(url: string): StoreLocation {
  const bad = (reason: string) =>
    new ValidationError('store', `"${redactUrl(url)}": ${reason}; use ${FORMS}`);
  const text = url.trim();
  if (text === '') throw bad('an empty store URL');
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(text)?.[1]?.toLowerCase();
  if (scheme === undefined || /^[a-zA-Z]:[\\/]/.test(text)) return { type: 'sqlite', path: resolve(text) };
  if (scheme === 'sqlite' || scheme === 'sqlite3') {
    const path = text.slice(scheme.length + 1).replace(/^\/\//, '');
    if (path === '') throw bad('no database file after "sqlite:"');
    return { type: 'sqlite', path: path === ':memory:' ? path : resolve(path) };
  }
  if (scheme === 'postgres' || scheme === 'postgresql' || scheme === 'mysql' || scheme === 'mariadb') {
    let parsed: URL;
    try {
      parsed = new URL(text);
    } catch {
      throw bad('not a valid URL');
    }
    if (parsed.hostname === '') throw bad('no host');
    if (parsed.pathname.replace(/^\//, '') === '') throw bad('no database name in the path');
    if (scheme === 'mysql' || scheme === 'mariadb') {
      parsed.protocol = 'mysql:';
      return { type: 'mysql', url: parsed.toString() };
    }
    return { type: 'postgres', url: text };
  }
  throw bad(`unknown scheme "${scheme}:"`);
}

export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<Store> {
  const location = parseStoreUrl(url);
  const common = {
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
    ...(options.eventRetention ? { eventRetention: options.eventRetention } : {}),
  };
  const pool = options.poolSize !== undefined ? { max: options.poolSize } : {};
  switch (location.type) {
    case 'sqlite':
      return SqliteStore.open({
        path: location.path,
        ...common,
        ...(options.synchronous ? { synchronous: options.synchronous } : {}),
      });
    // The drivers are loaded only when used: every CLI command would otherwise pay ~100 ms for them.
    case 'postgres': {
      const [{ SqlStore }, { createPgClient }, { postgresDialect }] = await Promise.all([
        import('./sql/sql-store.js'),
        import('./postgres/pg-client.js'),
        import('./postgres/pg-dialect.js'),
      ]);
      return SqlStore.open(createPgClient(location.url, pool), postgresDialect, common);
    }
    case 'mysql': {
      const [{ SqlStore }, { createMysqlClient }, { mysqlDialect }] = await Promise.all([
        import('./sql/sql-store.js'),
        import('./mysql/mysql-client.js'),
        import('./mysql/mysql-dialect.js'),
      ]);
      return SqlStore.open(createMysqlClient(location.url, pool), mysqlDialect, common);
    }
  }
}
