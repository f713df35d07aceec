/** Secret values for artifact credentials, read from Secret resources in the store (data is base64). */
import { ArtifactError } from '../artifacts/errors.js';
import type { SecretRef } from '../artifacts/location.js';
import { NotFoundError } from '../errors/index.js';
import type { NamespacedSecretReader } from '../executor/index.js';
import type { Secret } from '../spec/types.js';
import type { Store } from '../store/index.js';

export function storeSecretReader(store: Store): NamespacedSecretReader {
  return async (namespace: string, ref: SecretRef): Promise<string> => {
    let secret: Secret;
    try {
      secret = (await store.get('Secret', namespace, ref.name)) as unknown as Secret;
    } catch (err) {
      if (err instanceof NotFoundError) {
        throw new ArtifactError(`secret "${ref.name}" not found in namespace "${namespace}"`);
      }
      throw err;
    }
    const plain = (secret as { stringData?: Record<string, string> }).stringData?.[ref.key];
    if (typeof plain === 'string') return plain;
    const encoded = secret.data?.[ref.key];
    if (typeof encoded !== 'string') {
      throw new ArtifactError(`secret "${ref.name}" in namespace "${namespace}" has no key "${ref.key}"`);
    }
    return Buffer.from(encoded, 'base64').toString('utf8');
  };
}
