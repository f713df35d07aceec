/** The store package: the Store contract, its SQLite, PostgreSQL, MySQL and in-memory implementations, and helpers. */

import { homedir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore, type SqliteStoreOptions } from './sqlite/sqlite-store.js';

export { DEFAULT_EVENT_RETENTION, type EventRetention } from './event-retention.js';
export { isClusterScoped, ResourceVersionExpiredError, resourceName } from './kinds.js';
export { MemoryStore, type MemoryStoreOptions } from './memory/memory-store.js';
export {
  type OpenStoreOptions,
  openStore,
  parseStoreUrl,
  redactUrl,
  type StoreLocation,
} from './open-store.js';
export { rfc3339 } from './resource-meta.js';
export {
  type FieldRequirement,
  type LabelRequirement,
  matchesSelection,
  NAME_FILTERS,
  type NameFilter,
  parseFieldSelector,
  parseLabelSelector,
  parseSelection,
  type Selection,
} from './selectors/index.js';
export { SqlStore, type SqlStoreOptions } from './sql/sql-store.js';
export type { Synchronous } from './sqlite/database.js';
export { SqliteStore, type SqliteStoreOptions } from './sqlite/sqlite-store.js';
export type * from './store.js';

/** Where Argosy keeps its state: $ARGOSY_HOME, else ~/.argosy. */
export function defaultArgosyHome(env: NodeJS.ProcessEnv = process.env): string {
  const home = env.ARGOSY_HOME;
  return home !== undefined && home !== '' ? home : join(homedir(), '.argosy');
}

/** The database file under an Argosy home. */
export function defaultStorePath(home: string = defaultArgosyHome()): string {
  return join(home, 'argosy.db');
}

/** Opens the embedded store at $ARGOSY_HOME/argosy.db, creating the directory and schema. */
export function openDefaultStore(options: Partial<SqliteStoreOptions> = {}): Promise<SqliteStore> {
  return SqliteStore.open({ ...options, path: options.path ?? defaultStorePath() });
}
