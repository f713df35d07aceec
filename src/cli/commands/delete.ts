import type { Command } from 'commander';
import { ValidationError } from '../../errors/index.js';
import type { Workflow } from '../../spec/types.js';
import { collectArtifactsOnDeletion } from '../artifact-gc-on-deletion.js';
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
          // OnWorkflowDeletion artifact GC (embedded store; a server does not collect them yet).
          if (ctx.store) await collectArtifactsOnDeletion({ ...ctx, store: ctx.store }, name);
          await ctx.client.deleteWorkflow(ctx.namespace, name);
          process.stdout.write(`Workflow '${name}' deleted\n`);
        }
      });
    });
}
