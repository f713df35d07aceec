/** Deleting artifacts from their repositories (artifact GC), each retried; failures are returned, not thrown. */
import { type ArtifactLocation, describe, locationOf, relocate } from '../artifacts/location.js';
import { withRetries } from '../artifacts/retry.js';
import type { ExecutorServices } from './services.js';

export async function deleteArtifacts(
  artifacts: { name: string; artifact: Record<string, unknown> }[],
  repository: Record<string, unknown>,
  namespace: string,
  services: ExecutorServices,
): Promise<string[]> {
  const errors: string[] = [];
  for (const { name, artifact } of artifacts) {
    const own = locationOf(artifact);
    if (!own || own.raw || own.http || own.git) continue; // nothing of ours to delete
    const location = relocate(own, repository as ArtifactLocation);
    try {
      const driver = services.drivers(namespace).forLocation(location);
      await withRetries(() => driver.delete(location), services.retry);
    } catch (err) {
      errors.push(`failed to delete artifact '${name}' at ${describe(location)}: ${(err as Error).message}`);
    }
  }
  return errors;
}
