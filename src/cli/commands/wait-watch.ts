import type { Command } from 'commander';
import { withContext } from '../context.js';
import { followWorkflow } from '../follow.js';
import { parseOutputFormat } from '../output.js';
import { resolveWorkflowName } from '../resolve-name.js';

export function registerWaitAndWatch(program: Command): void {
  program
    .command('wait')
    .description('wait for workflows to complete (running the controller here); exit 1 unless all Succeeded')
    .argument('<names...>', 'workflow names')
    .option('-n, --namespace <ns>', 'namespace')
    .option('-o, --output <format>', 'json, yaml, name or wide')
    .action(async (names: string[], opts: { namespace?: string; output?: string }) => {
      const format = parseOutputFormat(opts.output);
      await withContext(opts, async (ctx) => {
        let ok = true;
        for (const name of names) {
          const wf = await ctx.client.getWorkflow(ctx.namespace, await resolveWorkflowName(ctx, name));
          const done = await followWorkflow(ctx, wf, { watch: false, format });
          ok &&= done.status?.phase === 'Succeeded';
        }
        if (!ok) process.exitCode = 1;
      });
    });
  program
    .command('watch')
    .description('watch a workflow until it completes, drawing the live tree')
    .argument('<name>', 'workflow name')
    .option('-n, --namespace <ns>', 'namespace')
    .action(async (name: string, opts: { namespace?: string }) => {
      await withContext(opts, async (ctx) => {
        const wf = await ctx.client.getWorkflow(ctx.namespace, await resolveWorkflowName(ctx, name));
        await followWorkflow(ctx, wf, { watch: true, format: '' });
      });
    });
}
