/**
 * Artifact garbage collection (Argo's artifactGC): which output artifacts a workflow's completion or
 * deletion removes. The strategy of an artifact is its own `artifactGC.strategy`, else the workflow's
 * `spec.artifactGC.strategy`; `Never` (or none) keeps it. Pure: the controller (completion) and the
 * delete command (deletion) carry out the list.
 */
import type { Artifact, NodeStatus, Template, Workflow, WorkflowSpec } from '../../spec/types.js';
import type { ArtifactRepositoryRefStatus } from './artifact-repository.js';

export type ArtifactGCStrategy = 'OnWorkflowCompletion' | 'OnWorkflowDeletion';

export interface CollectableArtifact {
  nodeId: string;
  name: string;
  /** The artifact as its node records it (key-only for the workflow's repository). */
  artifact: Record<string, unknown>;
}

/** The action the engine emits when a workflow completes with artifacts to collect. */
export interface DeleteArtifactsAction {
  type: 'deleteArtifacts';
  /** Where key-only locations live. */
  repository: Record<string, unknown>;
  artifacts: CollectableArtifact[];
}

function strategyOf(decl: Artifact | undefined, spec: WorkflowSpec): string {
  return decl?.artifactGC?.strategy || spec.artifactGC?.strategy || '';
}

/** Output artifacts of the workflow's pods whose strategy is `strategy`. */
export function artifactsToCollect(
  spec: WorkflowSpec,
  nodes: Record<string, NodeStatus>,
  templates: Map<string, Template> | Template[],
  strategy: ArtifactGCStrategy,
): CollectableArtifact[] {
  const byName =
    templates instanceof Map ? templates : new Map(templates.map((t) => [t.name ?? '', t] as const));
  const out: CollectableArtifact[] = [];
  for (const node of Object.values(nodes)) {
    if (node.type !== 'Pod') continue;
    const decls = byName.get(node.templateName ?? '')?.outputs?.artifacts ?? [];
    for (const a of node.outputs?.artifacts ?? []) {
      if (
        strategyOf(
          decls.find((d) => d.name === a.name),
          spec,
        ) !== strategy
      )
        continue;
      out.push({ nodeId: node.id, name: a.name, artifact: a as unknown as Record<string, unknown> });
    }
  }
  return out.sort((x, y) => `${x.nodeId}/${x.name}`.localeCompare(`${y.nodeId}/${y.name}`));
}

/** The repository key-only artifacts of this workflow live in. */
export function repositoryOfWorkflow(wf: Workflow): Record<string, unknown> {
  const ref = wf.status?.artifactRepositoryRef as ArtifactRepositoryRefStatus | undefined;
  return ref?.artifactRepository ?? { local: {} };
}
