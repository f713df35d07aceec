import type { Command } from 'commander';
import { ValidationError } from '../../errors/index.js';
import type { Workflow } from '../../spec/types.js';
import { collectArtifactsAfterDeletion, workflowForDeletionGc } from '../artifact-gc-on-deletion.js';
import { withContext } from '../context.js';

interface DeleteOptions {
  namespace?: string;
  all?: boolean;
  completed?: boolean;
  selector?: string;
}

export function registerDelete(program: Command): void {
  program
    .command('delete')
    .description('delete workflows (with their nodes and logs)')
    .argument('[names...]', 'workflow names')
    .option('-n, --namespace <ns>', 'namespace')
    .option('--all', 'all workflows in the namespace')
    .option('--completed', 'completed workflows in the namespace')
    .option('-l, --selector <selector>', 'workflows matching a label selector')
    .action(async (names: string[], opts: DeleteOptions) => {
      await withContext(opts, async (ctx) => {
        let targets = names;
        if (opts.all || opts.completed || opts.selector) {
          const items = await ctx.client.listWorkflows(ctx.namespace, { labelSelector: opts.selector });
          targets = items
            .filter(
              (wf: Workflow) =>
                !opts.completed || ['Succeeded', 'Failed', 'Error'].includes(wf.status?.phase ?? ''),
            )
            .map((wf) => wf.metadata.name ?? '');
        }
        if (targets.length === 0 && names.length === 0 && !opts.all && !opts.completed && !opts.selector) {
          throw new ValidationError('', 'name a workflow, or use --all, --completed or --selector');
        }
        for (const name of targets) {
          // OnWorkflowDeletion artifact GC on the embedded store (a server collects them itself).
          const gc = ctx.store ? { ...ctx, store: ctx.store } : undefined;
          const wf = gc ? await workflowForDeletionGc(gc, name) : undefined;
          await ctx.client.deleteWorkflow(ctx.namespace, name);
          if (gc && wf) await collectArtifactsAfterDeletion(gc, wf);
          process.stdout.write(`Workflow '${name}' deleted\n`);
        }
      });
    });
}
