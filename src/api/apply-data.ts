/**
 * `kubectl apply` for the data kinds Argosy keeps beside the Argo kinds (ConfigMaps and Secrets):
 * create when absent, else replace data and merge metadata, re-reading on a write conflict.
 */
import { AlreadyExistsError, ConflictError, NotFoundError } from '../errors/index.js';
import type { Resource, Store } from '../store/index.js';

export type DataResource = Resource & {
  data?: Record<string, string>;
  stringData?: Record<string, string>;
};

export const DATA_KINDS: ReadonlySet<string> = new Set(['ConfigMap', 'Secret']);

const ATTEMPTS = 20;

export async function applyDataResource(
  store: Store,
  desired: DataResource,
): Promise<'created' | 'configured'> {
  const ns = desired.metadata.namespace ?? '';
  const name = desired.metadata.name ?? '';
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    let existing: DataResource | undefined;
    try {
      existing = await store.get<DataResource>(desired.kind, ns, name);
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
    try {
      if (!existing) {
        await store.create(desired);
        return 'created';
      }
      await store.update({
        ...desired,
        metadata: {
          ...existing.metadata,
          ...desired.metadata,
          resourceVersion: existing.metadata.resourceVersion,
        },
      });
      return 'configured';
    } catch (err) {
      // Another writer got in between: read again.
      if (!(err instanceof ConflictError) && !(err instanceof AlreadyExistsError)) throw err;
    }
  }
  throw new ConflictError(`${desired.kind} ${name}: too many concurrent updates`);
}
