/**
 * A finished Workflow whose one pod saved output artifacts to the local repository: the fixture of
 * the artifact GC tests (completion, deletion, the finalizer and its retry queue).
 */
import type { Workflow } from '../../spec/types.js';

export interface SavedOutput {
  name: string;
  /** Its key in the local repository. */
  key: string;
  /** The output's own `artifactGC` (e.g. `{ strategy: 'Never' }`). */
  artifactGC?: Record<string, unknown>;
}

export interface FinishedWorkflowOptions {
  outputs: SavedOutput[];
  /** Merged into the spec (artifactGC, ttlStrategy...). */
  spec?: Record<string, unknown>;
  /** Merged into the metadata (finalizers...). */
  metadata?: Record<string, unknown>;
  /** Merged into the status (finishedAt...). */
  status?: Record<string, unknown>;
}

export function finishedWorkflow(name: string, options: FinishedWorkflowOptions): Workflow {
  const { outputs } = options;
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name, namespace: 'team', ...options.metadata },
    spec: {
      entrypoint: 'main',
      ...options.spec,
      templates: [
        {
          name: 'main',
          container: { image: 'alpine', command: ['true'] },
          outputs: {
            artifacts: outputs.map((o) => ({
              name: o.name,
              path: `/tmp/${o.name}`,
              ...(o.artifactGC ? { artifactGC: o.artifactGC } : {}),
            })),
          },
        },
      ],
    },
    status: {
      phase: 'Succeeded',
      artifactRepositoryRef: { artifactRepository: { local: {} }, default: true },
      ...options.status,
      nodes: {
        p: {
          id: 'p',
          name,
          displayName: name,
          type: 'Pod',
          phase: 'Succeeded',
          templateName: 'main',
          outputs: { artifacts: outputs.map((o) => ({ name: o.name, local: { key: o.key } })) },
        },
      },
    },
  } as unknown as Workflow;
}
