import type { Command } from 'commander';
import type { Workflow } from '../../spec/types.js';
import type { LogLine } from '../../store/index.js';
import { withContext } from '../context.js';
import { LogLineJoiner } from '../log-lines.js';
import { resolveWorkflowName } from '../resolve-name.js';
import { isCompleted } from '../workflow-phase.js';

const PAGE = 5000;

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
        await ctx.store.get<Workflow>('Workflow', ctx.namespace, workflow, { withNodes: false });
        const filter = { namespace: ctx.namespace, workflow, podName: pod, container: opts.container };
        const joiner = new LogLineJoiner();
        const print = (line: LogLine) => {
          const text = `${line.content}\n`;
          process.stdout.write(pod ? text : `${line.podName}: ${text}`);
        };
        let after: number | undefined;
        const printNew = async () => {
          // In pages, so a long log is never all in memory at once.
          for (;;) {
            const lines = await ctx.store.readLogs(filter, { sinceSeq: after, limit: PAGE });
            for (const piece of lines) {
              after = piece.seq;
              const line = joiner.push(piece);
              if (line) print(line);
            }
            if (lines.length < PAGE) return;
          }
        };
        await printNew();
        if (opts.follow) {
          for (;;) {
            const wf = await ctx.store.get<Workflow>('Workflow', ctx.namespace, workflow, {
              withNodes: false,
            });
            await new Promise((r) => setTimeout(r, 200));
            await printNew();
            // Logs are stored before the status that completes their pod, so none can follow this.
            if (isCompleted(wf)) break;
          }
        }
        for (const line of joiner.flush()) print(line);
      });
    });
}
