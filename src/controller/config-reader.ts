/** ConfigMaps and Secrets for pods (env and volumes), read from the store. */
import { NotFoundError } from '../errors/index.js';
import { type ConfigReader, configData } from '../runtime/config-sources.js';
import type { Store } from '../store/index.js';

export function storeConfigReader(store: Store): ConfigReader {
  return async (kind, namespace, name) => {
    try {
      const resource = await store.get(kind, namespace, name);
      return configData(kind, resource as unknown as Record<string, unknown>);
    } catch (err) {
      if (err instanceof NotFoundError) return undefined;
      throw err;
    }
  };
}
