import { ConflictError } from '../errors/index.js';
import type { Workflow } from '../spec/types.js';
import type { CliContext } from './context.js';
import { resolveWorkflowName } from './resolve-name.js';

/** Read-modify-write of a stored workflow, re-reading on a resourceVersion conflict. */
export async function mutateWorkflow(
  ctx: CliContext,
  name: string,
  change: (wf: Workflow) => Workflow,
): Promise<Workflow> {
  const resolved = await resolveWorkflowName(ctx, name);
  for (let attempt = 0; ; attempt++) {
    const current = await ctx.store.get<Workflow>('Workflow', ctx.namespace, resolved);
    try {
      return await ctx.store.update(change(current));
    } catch (err) {
      if (!(err instanceof ConflictError) || attempt >= 20) throw err;
    }
  }
}
