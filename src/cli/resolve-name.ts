import { NotFoundError } from '../errors/index.js';
import type { CliContext } from './context.js';

/** `@latest` names the most recently created workflow in the namespace, as in `argo get @latest`. */
export async function resolveWorkflowName(ctx: CliContext, name: string): Promise<string> {
  if (name !== '@latest') return name;
  const items = await ctx.client.listWorkflows(ctx.namespace);
  const latest = items
    .map((wf) => ({ name: wf.metadata.name ?? '', created: String(wf.metadata.creationTimestamp ?? '') }))
    .sort((a, b) => b.created.localeCompare(a.created) || b.name.localeCompare(a.name))[0];
  if (!latest) throw new NotFoundError(`no workflows in namespace "${ctx.namespace}"`);
  return latest.name;
}
