/**
 * The stored WorkflowTemplates and ClusterWorkflowTemplates an object refers to (through
 * spec.workflowTemplateRef and every templateRef), followed transitively, so admission can lint and
 * resolve references against what is stored.
 */
import { NotFoundError } from '../errors/index.js';
import type { Resource, ResourceReader } from '../store/index.js';

const MAX_TEMPLATES = 200;

interface Ref {
  name: string;
  cluster: boolean;
}

function collectRefs(value: unknown, out: Ref[]): void {
  if (Array.isArray(value)) {
    for (const v of value) collectRefs(v, out);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, v] of Object.entries(value)) {
    if ((key === 'templateRef' || key === 'workflowTemplateRef') && v && typeof v === 'object') {
      const r = v as { name?: unknown; clusterScope?: unknown };
      if (typeof r.name === 'string' && r.name !== '' && !r.name.includes('{{')) {
        out.push({ name: r.name, cluster: r.clusterScope === true });
      }
    } else collectRefs(v, out);
  }
}

export async function referencedTemplates(
  reader: ResourceReader,
  value: unknown,
  namespace: string,
): Promise<Array<Record<string, unknown>>> {
  const seen = new Set<string>();
  const found: Array<Record<string, unknown>> = [];
  const queue: Ref[] = [];
  collectRefs((value as { spec?: unknown }).spec, queue);
  for (let ref = queue.shift(); ref && found.length < MAX_TEMPLATES; ref = queue.shift()) {
    const key = `${ref.cluster ? 'c' : 'n'}/${ref.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const kind = ref.cluster ? 'ClusterWorkflowTemplate' : 'WorkflowTemplate';
    try {
      const obj = await reader.get<Resource & { spec?: unknown }>(
        kind,
        ref.cluster ? '' : namespace,
        ref.name,
      );
      found.push(obj as unknown as Record<string, unknown>);
      collectRefs(obj.spec, queue);
    } catch (err) {
      // Lint reports the missing reference with its field path.
      if (!(err instanceof NotFoundError)) throw err;
    }
  }
  return found;
}
