/** A submitted Workflow of one `true` step: the controller tests' smallest workflow. */
import { prepareSubmission } from '../../engine/index.js';
import type { Workflow } from '../../spec/types.js';

/** `strategy`: the workflow's `artifactGC.strategy`, when given. */
export function oneStep(name: string, strategy?: string): Workflow {
  return prepareSubmission({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name, namespace: 'default' },
    spec: {
      entrypoint: 'main',
      ...(strategy ? { artifactGC: { strategy } } : {}),
      templates: [{ name: 'main', container: { image: 'alpine', command: ['true'] } }],
    },
  } as Workflow);
}
