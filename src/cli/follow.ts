/**
 * Runs the controller in this process until a workflow completes, optionally drawing the live
 * tree (`--watch`), then prints the result in the requested format.
 */
import type { Workflow } from '../spec/types.js';
import type { CliContext } from './context.js';
import { formatWorkflow, type OutputFormat } from './output.js';
import { renderWorkflow } from './render/workflow-tree.js';
import { startController } from './run-controller.js';

export interface FollowOptions {
  watch: boolean;
  format: OutputFormat;
}

export async function followWorkflow(ctx: CliContext, wf: Workflow, opts: FollowOptions): Promise<Workflow> {
  const namespace = wf.metadata.namespace ?? ctx.namespace;
  const name = wf.metadata.name ?? '';
  const running = await startController(ctx, (m) => process.stderr.write(`controller: ${m}\n`));
  const tty = process.stdout.isTTY === true;
  let unwatch: (() => void) | undefined;
  if (opts.watch && tty) {
    let last = '';
    unwatch = await ctx.store.watch('Workflow', { namespace }, (event) => {
      const obj = event.object as Workflow;
      if (obj.metadata.name !== name) return;
      const text = renderWorkflow(obj, { now: new Date(), color: true });
      if (text !== last) process.stdout.write(`\x1b[H\x1b[2J${text}`);
      last = text;
    });
  }
  const stopOnSignal = () => {
    // Leave the workflow to a background controller rather than orphaning its steps.
    void running.stop().then(() => process.exit(130));
  };
  process.once('SIGINT', stopOnSignal);
  try {
    const done = await running.controller.whenCompleted(namespace, name);
    const final = await ctx.store.get<Workflow>('Workflow', namespace, name);
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
  } finally {
    process.off('SIGINT', stopOnSignal);
    unwatch?.();
    await running.stop();
  }
}
