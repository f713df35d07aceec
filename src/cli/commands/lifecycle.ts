/** suspend, resume, stop, terminate, retry, resubmit: change a stored workflow; a controller does the rest. */
import type { Command } from 'commander';
import type { VerbOptions, WorkflowVerb } from '../../api/index.js';
import type { Workflow } from '../../spec/types.js';
import { type CliContext, withContext } from '../context.js';
import { followWorkflow } from '../follow.js';
import { formatWorkflow, parseOutputFormat } from '../output.js';
import { resolveWorkflowName } from '../resolve-name.js';

interface NsOpts {
  namespace?: string;
  server?: string;
}

function simple(
  program: Command,
  verb: WorkflowVerb,
  description: string,
  options: (opts: Record<string, string | undefined>) => VerbOptions,
  extra?: (cmd: Command) => Command,
): void {
  let cmd = program
    .command(verb)
    .description(description)
    .argument('<names...>', 'workflow names')
    .option('-n, --namespace <ns>', 'namespace');
  if (extra) cmd = extra(cmd);
  cmd.action(async (names: string[], opts: NsOpts & Record<string, string | undefined>) => {
    await withContext(opts, async (ctx) => {
      for (const name of names) {
        const wf = await ctx.client.applyVerb(
          ctx.namespace,
          await resolveWorkflowName(ctx, name),
          verb,
          options(opts),
        );
        process.stdout.write(`workflow ${wf.metadata.name} ${pastTense(verb)}\n`);
      }
      ctx.client.afterChange();
    });
  });
}

function pastTense(verb: string): string {
  return verb.endsWith('e') ? `${verb}d` : verb === 'stop' ? 'stopped' : `${verb}ed`;
}

export function registerLifecycle(program: Command): void {
  simple(program, 'suspend', 'suspend workflows (running steps finish, no new ones start)', () => ({}));
  simple(
    program,
    'resume',
    'resume suspended workflows',
    (o) => ({ nodeFieldSelector: o.nodeFieldSelector }),
    (c) =>
      c.option(
        '--node-field-selector <selector>',
        'resume only matching suspend nodes, e.g. displayName=approve',
      ),
  );
  simple(
    program,
    'stop',
    'stop workflows: running steps are stopped, exit handlers still run',
    (o) => ({ message: o.message }),
    (c) => c.option('--message <text>', 'message to record'),
  );
  simple(program, 'terminate', 'terminate workflows immediately, without exit handlers', () => ({}));

  program
    .command('retry')
    .description('retry failed workflows: failed nodes run again, succeeded ones are kept')
    .argument('<names...>', 'workflow names')
    .option('-n, --namespace <ns>', 'namespace')
    .option('--restart-successful', 'also re-run succeeded nodes matching --node-field-selector')
    .option('--node-field-selector <selector>', 'nodes to restart with --restart-successful')
    .option('-w, --wait', 'wait for completion')
    .option('-o, --output <format>', 'json, yaml, name or wide')
    .action(async (names: string[], opts: RetryOptions) => {
      await withContext(opts, async (ctx) => {
        const updated: Workflow[] = [];
        for (const name of names) {
          updated.push(
            await ctx.client.applyVerb(ctx.namespace, await resolveWorkflowName(ctx, name), 'retry', {
              restartSuccessful: opts.restartSuccessful === true,
              nodeFieldSelector: opts.nodeFieldSelector,
            }),
          );
        }
        await finish(ctx, updated, opts);
      });
    });

  program
    .command('resubmit')
    .description('submit a new workflow with the spec of an existing one')
    .argument('<names...>', 'workflow names')
    .option('-n, --namespace <ns>', 'namespace')
    .option('-w, --wait', 'wait for completion')
    .option('-o, --output <format>', 'json, yaml, name or wide')
    .action(async (names: string[], opts: RetryOptions) => {
      await withContext(opts, async (ctx) => {
        const created: Workflow[] = [];
        for (const name of names) {
          created.push(
            await ctx.client.resubmitWorkflow(ctx.namespace, await resolveWorkflowName(ctx, name)),
          );
        }
        await finish(ctx, created, opts);
      });
    });
}

interface RetryOptions extends NsOpts {
  restartSuccessful?: boolean;
  nodeFieldSelector?: string;
  wait?: boolean;
  output?: string;
}

async function finish(ctx: CliContext, workflows: Workflow[], opts: RetryOptions): Promise<void> {
  const format = parseOutputFormat(opts.output);
  if (!opts.wait) {
    for (const wf of workflows) process.stdout.write(formatWorkflow(wf, format));
    ctx.client.afterChange();
    return;
  }
  let ok = true;
  for (const wf of workflows) {
    const done = await followWorkflow(ctx, wf, { watch: false, format });
    ok &&= done.status?.phase === 'Succeeded';
  }
  if (!ok) process.exitCode = 1;
}
