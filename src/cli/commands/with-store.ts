/** Commands that work on a store directly (tokens, archive in embedded mode): open, run, close. */
import { openStoreUrl } from '../../server/open-store-url.js';
import { defaultArgosyHome, type Store } from '../../store/index.js';

export async function withStore<T>(url: string | undefined, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStoreUrl(url, defaultArgosyHome());
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
