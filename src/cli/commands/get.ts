import type { Command } from 'commander';
import { withContext } from '../context.js';
import { formatWorkflow, parseOutputFormat } from '../output.js';
import { resolveWorkflowName } from '../resolve-name.js';

export function registerGet(program: Command): void {
  program
    .command('get')
    .description('display details about workflows')
    .argument('<names...>', 'workflow names')
    .option('-n, --namespace <ns>', 'namespace')
    .option('-o, --output <format>', 'json, yaml, name or wide')
    .action(async (names: string[], opts: { namespace?: string; output?: string }) => {
      const format = parseOutputFormat(opts.output);
      await withContext(opts, async (ctx) => {
        for (const name of names) {
          const wf = await ctx.client.getWorkflow(ctx.namespace, await resolveWorkflowName(ctx, name));
          process.stdout.write(formatWorkflow(wf, format));
        }
      });
    });
}
