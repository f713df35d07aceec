/**
 * What the resource commands (`template`, `cluster-template`, `cron`, `event-binding`, `event send`,
 * `configmap`, `cp`) ask of Argosy, on the embedded store (EmbeddedResources) or over a server's
 * REST API (HttpResources). As a ResourceReader it also lets lint resolve references against the
 * stored templates, wherever they are stored.
 */

import type { DataResource } from '../api/apply-data.js';
import type { Artifact, Workflow } from '../spec/types.js';
import type { Resource, ResourceReader } from '../store/index.js';

export type { DataResource };

export interface EventOutcome {
  /** Names of the Workflows the event submitted. */
  submitted: string[];
  /** Bindings that matched but failed. */
  errors: Array<{ binding: string; message: string }>;
}

export interface ArtifactTarget {
  nodeId: string;
  artifact: Artifact;
  /** Where the artifact lands: a file, or a directory for an unpacked directory artifact. */
  dest: string;
}

export interface ResourceClient extends ResourceReader {
  /** Stores a new object (already linted and defaulted by the caller). */
  create<T extends Resource>(obj: T): Promise<T>;
  delete(kind: string, namespace: string, name: string): Promise<void>;
  setCronSuspend(namespace: string, name: string, suspend: boolean): Promise<void>;
  /** Hands an event to the namespace's WorkflowEventBindings. */
  sendEvent(
    namespace: string,
    discriminator: string,
    payload: unknown,
    metadata: Record<string, string[]>,
  ): Promise<EventOutcome>;
  /** ConfigMap/Secret create-or-update (`kubectl apply`): "created" or "configured". */
  applyData(obj: DataResource): Promise<'created' | 'configured'>;
  /** Fetches the artifacts of a workflow (`argosy cp`) to their destinations. */
  downloadArtifacts(wf: Workflow, targets: ArtifactTarget[]): Promise<void>;
}
