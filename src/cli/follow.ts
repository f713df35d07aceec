/**
 * Follows a workflow until it completes (the embedded client runs the controller here meanwhile),
 * optionally drawing the live tree (`--watch`), then prints the result in the requested format.
 */
import type { Workflow } from '../spec/types.js';
import type { CliContext } from './context.js';
import { formatWorkflow, type OutputFormat } from './output.js';
import { renderWorkflow } from './render/workflow-tree.js';

export interface FollowOptions {
  watch: boolean;
  format: OutputFormat;
}

export async function followWorkflow(ctx: CliContext, wf: Workflow, opts: FollowOptions): Promise<Workflow> {
  const namespace = wf.metadata.namespace ?? ctx.namespace;
  const name = wf.metadata.name ?? '';
  const tty = process.stdout.isTTY === true;
  let last = '';
  const draw =
    opts.watch && tty
      ? (obj: Workflow) => {
          const text = renderWorkflow(obj, { now: new Date(), color: true });
          if (text !== last) process.stdout.write(`\x1b[H\x1b[2J${text}`);
          last = text;
        }
      : undefined;
  const done = await ctx.client.waitForCompletion(namespace, name, draw);
  const final = await ctx.client.getWorkflow(namespace, name);
  if (opts.watch) {
    if (tty) process.stdout.write('\x1b[H\x1b[2J');
    process.stdout.write(formatWorkflow(final, opts.format === 'name' ? '' : opts.format));
  } else if (opts.format === '') {
    process.stdout.write(
      `${name} ${final.status?.phase ?? done.status?.phase} at ${final.status?.finishedAt ?? ''}\n`,
    );
  } else {
    process.stdout.write(formatWorkflow(final, opts.format));
  }
  return final;
}
