/**
 * Runs the controller in this process until a workflow completes, optionally drawing the live
 * tree (`--watch`), then prints the result in the requested format.
 */
import type { Workflow } from '../spec/types.js';
import type { CliContext } from './context.js';
import { formatWorkflow, type OutputFormat } from './output.js';
import { renderWorkflow } from './render/workflow-tree.js';
import { spawnBackgroundController, startController } from './run-controller.js';

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
  // Ctrl-C stops following, not the workflow (as with `argo submit --wait`): this process's steps are
  // stopped and a background controller starts them again and runs the workflow to its end.
  const stopOnSignal = (signal: NodeJS.Signals) => {
    process.stderr.write(
      `\nargosy: stopped following ${name}; it goes on in the background (argosy watch ${name})\n`,
    );
    void running
      .stop()
      .then(() => spawnBackgroundController(ctx.home))
      .finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
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
    process.off('SIGTERM', stopOnSignal);
    unwatch?.();
    await running.stop();
  }
}
