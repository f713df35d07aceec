/**
 * Fetches one output artifact of a workflow's node into a local path, as an input artifact would be
 * placed (archives unpacked, key-only artifacts found under the workflow's repository): what
 * `argosy cp` and the server's artifact downloads share.
 */
import type { ArtifactLocation } from '../artifacts/location.js';
import type { PodPlan } from '../runtime/pod-plan.js';
import type { Artifact, Workflow } from '../spec/types.js';
import { loadInputArtifacts } from './load-inputs.js';
import type { ExecutorServices } from './services.js';

export interface NodeArtifactRequest {
  workflow: Workflow;
  /** Where to put each artifact (a file, or a directory for a directory artifact). */
  artifacts: Array<{ artifact: Artifact; dest: string }>;
  /** The repository when the workflow recorded none (the configuration's, else local). */
  defaultRepository?: ArtifactLocation;
}

export async function loadNodeArtifacts(req: NodeArtifactRequest, services: ExecutorServices): Promise<void> {
  const wf = req.workflow;
  const name = wf.metadata.name ?? '';
  const namespace = wf.metadata.namespace ?? 'default';
  const repository = (wf.status?.artifactRepositoryRef?.artifactRepository ??
    req.defaultRepository ?? { local: {} }) as ArtifactLocation;
  const plan: PodPlan = {
    podName: `${name}-download`,
    nodeId: '',
    workflow: { namespace, name, uid: wf.metadata.uid ?? '' },
    templateName: '',
    containers: [],
    initContainers: [],
    sidecars: [],
    volumes: [],
    files: [],
    inputArtifacts: req.artifacts.map(({ artifact, dest }) => ({
      name: artifact.name,
      path: dest,
      spec: artifact as unknown as Record<string, unknown>,
    })),
    artifactRepository: { location: repository as Record<string, unknown> },
    outputs: { parameters: [], artifacts: [], captureResult: false },
    labels: {},
    annotations: {},
  };
  await loadInputArtifacts(plan, { writePath: (p) => p, readPath: (p) => p }, services);
}
