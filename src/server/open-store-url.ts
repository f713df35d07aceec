/**
 * `--store URL`: the embedded SQLite file under ARGOSY_HOME when absent, else whatever the store
 * package's `openStore` understands (`sqlite:PATH` or a bare path, `postgres://...`, `mysql://...`;
 * see docs/stores.md). A bad URL is a ValidationError naming the flag, with any password hidden.
 */
import { ValidationError } from '../errors/index.js';
import { defaultStorePath, openStore, SqliteStore, type Store } from '../store/index.js';

export async function openStoreUrl(url: string | undefined, home: string): Promise<Store> {
  if (!url) return SqliteStore.open({ path: defaultStorePath(home) });
  try {
    return await openStore(url);
  } catch (err) {
    if (err instanceof ValidationError) throw new ValidationError('--store', err.reason);
    throw err;
  }
}
