import type { Command } from 'commander';
import type { Workflow } from '../../spec/types.js';
import { withContext } from '../context.js';
import { resolveWorkflowName } from '../resolve-name.js';

interface LogsOptions {
  namespace?: string;
  follow?: boolean;
  container: string;
}

export function registerLogs(program: Command): void {
  program
    .command('logs')
    .description("print a workflow's logs (all pods, or one pod)")
    .argument('<workflow>', 'workflow name')
    .argument('[pod]', 'pod name')
    .option('-n, --namespace <ns>', 'namespace')
    .option('-f, --follow', 'keep printing until the workflow completes')
    .option('-c, --container <name>', 'container', 'main')
    .action(async (workflow: string, pod: string | undefined, opts: LogsOptions) => {
      await withContext(opts, async (ctx) => {
        workflow = await resolveWorkflowName(ctx, workflow);
        await ctx.store.get<Workflow>('Workflow', ctx.namespace, workflow);
        const filter = { namespace: ctx.namespace, workflow, podName: pod, container: opts.container };
        let after: number | undefined;
        const printNew = async () => {
          const lines = await ctx.store.readLogs(filter, after === undefined ? {} : { sinceSeq: after });
          for (const line of lines) {
            const text = `${line.content}\n`;
            process.stdout.write(pod ? text : `${line.podName}: ${text}`);
            after = line.seq;
          }
        };
        await printNew();
        if (!opts.follow) return;
        for (;;) {
          const wf = await ctx.store.get<Workflow>('Workflow', ctx.namespace, workflow, { withNodes: false });
          await new Promise((r) => setTimeout(r, 200));
          await printNew();
          if (['Succeeded', 'Failed', 'Error'].includes(wf.status?.phase ?? '')) break;
        }
      });
    });
}
