import type { Command } from 'commander';
import { withContext } from '../context.js';
import { resolveWorkflowName } from '../resolve-name.js';

interface LogsOptions {
  namespace?: string;
  server?: string;
  follow?: boolean;
  container: string;
  grep?: string;
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
    .option('--grep <regexp>', 'only lines matching this regular expression')
    .action(async (workflow: string, pod: string | undefined, opts: LogsOptions) => {
      await withContext(opts, async (ctx) => {
        workflow = await resolveWorkflowName(ctx, workflow);
        await ctx.client.streamLogs(
          {
            namespace: ctx.namespace,
            workflow,
            podName: pod,
            container: opts.container,
            follow: opts.follow === true,
            grep: opts.grep,
          },
          (entry) =>
            process.stdout.write(pod ? `${entry.content}\n` : `${entry.podName}: ${entry.content}\n`),
        );
      });
    });
}
