import type { Command } from 'commander';
import { ValidationError } from '../../errors/index.js';
import type { Workflow } from '../../spec/types.js';
import { describeDeletion } from '../artifact-gc-on-deletion.js';
import { withContext } from '../context.js';

interface DeleteOptions {
  namespace?: string;
  all?: boolean;
  completed?: boolean;
  selector?: string;
  force?: boolean;
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
    .option(
      '--force',
      'remove the artifact GC finalizer first: delete without waiting for OnWorkflowDeletion artifacts',
    )
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
          // Embedded: this process deletes OnWorkflowDeletion artifacts; --server: the server does.
          const result = await ctx.client.deleteWorkflow(ctx.namespace, name, { force: opts.force === true });
          const { out, warnings } = describeDeletion(name, result);
          for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
          process.stdout.write(`${out}\n`);
        }
      });
    });
}
