/**
 * Reads one artifact of a workflow as text, for the controller's own use (a resource template's
 * `manifestFrom`): fetched into a scratch directory as an input artifact would be placed (the
 * workflow's repository for key-only artifacts, archives unpacked), read, and removed.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArtifactLocation } from '../artifacts/location.js';
import { type ExecutorServices, loadNodeArtifacts } from '../executor/index.js';
import type { Artifact, Workflow } from '../spec/types.js';
import type { Store } from '../store/index.js';
import type { WorkflowRef } from '../sync/lock-manager.js';

/** Manifests are small; anything bigger is a mistake, refused before it is held in memory. */
const MAX_BYTES = 4 * 1024 * 1024;

export function artifactReader(
  store: Store,
  services: ExecutorServices,
  scratch: string,
  defaultRepository: () => ArtifactLocation | undefined,
): (wf: WorkflowRef, artifact: Artifact) => Promise<string> {
  return async (ref, artifact) => {
    const workflow = await store.get<Workflow>('Workflow', ref.namespace, ref.name, { withNodes: false });
    const dir = join(scratch, `read-${randomBytes(6).toString('hex')}`);
    await mkdir(dir, { recursive: true });
    const dest = join(dir, 'artifact');
    try {
      await loadNodeArtifacts(
        { workflow, artifacts: [{ artifact, dest }], defaultRepository: defaultRepository() },
        services,
      );
      const info = await stat(dest);
      if (info.isDirectory()) throw new Error('the artifact is a directory, not a file');
      if (info.size > MAX_BYTES) throw new Error(`the artifact is larger than ${MAX_BYTES} bytes`);
      return await readFile(dest, 'utf8');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
}
