/**
 * Resolves a workflow's workflowTemplateRef and templateRefs against a catalog of WorkflowTemplates
 * and ClusterWorkflowTemplates (for now: those submitted in the same files), filling `status.storedWorkflowTemplateSpec`
 * and `status.storedTemplates` (keys `namespaced|cluster/<name>/<template>`) where the engine
 * looks for them, as Argo's controller does when it first runs a workflow.
 */
import type { Template, Workflow, WorkflowSpec, WorkflowStep } from '../spec/types.js';

interface TemplateSource {
  kind: 'WorkflowTemplate' | 'ClusterWorkflowTemplate';
  name: string;
  spec: WorkflowSpec;
}

export type Catalog = Map<string, TemplateSource>;

const keyOf = (cluster: boolean, name: string) => `${cluster ? 'cluster' : 'namespaced'}/${name}`;

export function catalogOf(docs: Array<{ kind: string; value: Record<string, unknown> }>): Catalog {
  const out: Catalog = new Map();
  for (const d of docs) {
    if (d.kind !== 'WorkflowTemplate' && d.kind !== 'ClusterWorkflowTemplate') continue;
    const name = (d.value.metadata as { name?: string } | undefined)?.name;
    if (!name) continue;
    out.set(keyOf(d.kind === 'ClusterWorkflowTemplate', name), {
      kind: d.kind,
      name,
      spec: d.value.spec as WorkflowSpec,
    });
  }
  return out;
}

function stepsOf(t: Template): WorkflowStep[] {
  return (t.steps ?? []).flatMap((g) => (Array.isArray(g) ? (g as WorkflowStep[]) : (g.steps ?? [])));
}

/** Templates reachable inline from t (t included). */
function withInline(t: Template): Template[] {
  const inline = [...stepsOf(t), ...(t.dag?.tasks ?? [])].flatMap((s) =>
    s.inline ? withInline(s.inline) : [],
  );
  return [t, ...inline];
}

/**
 * A copy of wf with its references stored, or the reason they cannot be resolved. `where` says where
 * the catalog's templates came from, for the message.
 */
export function resolveRefs(
  wf: Workflow,
  catalog: Catalog,
  where = 'among the given files',
): Workflow | string {
  if (!hasRefs(wf)) return wf;
  const out = structuredClone(wf);
  const status: NonNullable<Workflow['status']> = { ...(out.status ?? {}) };
  const templates: Template[] = [...(out.spec.templates ?? [])];
  const ref = out.spec.workflowTemplateRef;
  if (ref) {
    const found = catalog.get(keyOf(ref.clusterScope === true, ref.name ?? ''));
    if (!found) return `workflowTemplateRef to ${ref.name}, which is not ${where}`;
    status.storedWorkflowTemplateSpec = found.spec;
    templates.push(...(found.spec.templates ?? []));
  }
  const stored: Record<string, Template> = {};
  const queue = templates.flatMap(withInline);
  type Holder = Pick<WorkflowStep, 'templateRef'>;
  // Lifecycle hooks (the workflow's, the referenced template's, each step's and task's) may use templateRef too.
  const hooksOf = (hooks: WorkflowSpec['hooks']): Holder[] => Object.values(hooks ?? {});
  const store = (holders: Holder[]): string | undefined => {
    for (const holder of holders) {
      const r = holder.templateRef;
      if (!r) continue;
      const key = `${keyOf(r.clusterScope === true, r.name ?? '')}/${r.template}`;
      if (stored[key]) continue;
      const source = catalog.get(keyOf(r.clusterScope === true, r.name ?? ''));
      const found = source?.spec.templates?.find((x) => x.name === r.template);
      if (!found) return `templateRef to ${r.name}/${r.template}, which is not ${where}`;
      // A plain `template: x` inside it names the same WorkflowTemplate's x: store them all in its scope.
      for (const sibling of source?.spec.templates ?? []) {
        const siblingKey = `${keyOf(r.clusterScope === true, r.name ?? '')}/${sibling.name}`;
        if (stored[siblingKey]) continue;
        stored[siblingKey] = sibling;
        queue.push(...withInline(sibling));
      }
    }
    return undefined;
  };
  const missing = store([...hooksOf(out.spec.hooks), ...hooksOf(status.storedWorkflowTemplateSpec?.hooks)]);
  if (missing) return missing;
  for (let t = queue.shift(); t; t = queue.shift()) {
    const callers = [...stepsOf(t), ...(t.dag?.tasks ?? [])];
    const problem = store([...callers, ...callers.flatMap((c) => hooksOf(c.hooks))]);
    if (problem) return problem;
  }
  if (Object.keys(stored).length > 0) status.storedTemplates = stored;
  out.status = status;
  return out;
}

function hasRefs(wf: Workflow): boolean {
  return wf.spec.workflowTemplateRef !== undefined || JSON.stringify(wf.spec).includes('"templateRef"');
}

/** Every template the workflow may run: its own, the stored WorkflowTemplate's and the stored refs. */
export function storedTemplatesOf(wf: Workflow): Template[] {
  return [
    ...(wf.status?.storedWorkflowTemplateSpec?.templates ?? []),
    ...Object.values(wf.status?.storedTemplates ?? {}),
  ];
}
