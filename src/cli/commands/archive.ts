/** `argosy archive list|get|delete|resubmit|retry`: completed workflows kept by a server's archive. */
import type { Command } from 'commander';
import { withContext } from '../context.js';
import { formatWorkflow, parseOutputFormat } from '../output.js';
import { alignColumns } from '../render/table.js';

interface ArchiveOptions {
  namespace?: string;
  allNamespaces?: boolean;
  server?: string;
  output?: string;
}

export function registerArchive(program: Command): void {
  const archive = program
    .command('archive')
    .description('workflows archived when they completed (by `argosy server`)');
  archive
    .command('list')
    .description('list archived workflows')
    .option('-n, --namespace <ns>', 'namespace')
    .option('-A, --all-namespaces', 'all namespaces')
    .option('-o, --output <format>', 'name, json or wide')
    .option('--server <url>', 'Argosy server URL (default $ARGOSY_SERVER)')
    .action(async (opts: ArchiveOptions) => {
      await withContext(opts, async (ctx) => {
        const items = await ctx.client.listArchived(opts.allNamespaces ? undefined : ctx.namespace);
        if (opts.output === 'json') return void process.stdout.write(`${JSON.stringify(items, null, 2)}\n`);
        if (opts.output === 'name')
          return void process.stdout.write(items.map((w) => `${w.metadata.name}\n`).join(''));
        const rows = items.map((w) => [
          w.metadata.namespace ?? '',
          w.metadata.name ?? '',
          w.status?.phase ?? '',
          String(w.status?.finishedAt ?? ''),
          w.metadata.uid ?? '',
        ]);
        process.stdout.write(
          `${alignColumns([['NAMESPACE', 'NAME', 'STATUS', 'FINISHED', 'UID'], ...rows]).join('\n')}\n`,
        );
      });
    });
  archive
    .command('get')
    .description('show an archived workflow')
    .argument('<uid>', 'the workflow uid (from `argosy archive list`)')
    .option('-o, --output <format>', 'json, yaml, name or wide')
    .option('--server <url>', 'Argosy server URL (default $ARGOSY_SERVER)')
    .action(async (uid: string, opts: ArchiveOptions) => {
      const format = parseOutputFormat(opts.output);
      await withContext(opts, async (ctx) => {
        process.stdout.write(formatWorkflow(await ctx.client.getArchived(uid), format));
      });
    });
  archive
    .command('delete')
    .description('delete archived workflows')
    .argument('<uids...>', 'workflow uids')
    .option('--server <url>', 'Argosy server URL (default $ARGOSY_SERVER)')
    .action(async (uids: string[], opts: ArchiveOptions) => {
      await withContext(opts, async (ctx) => {
        for (const uid of uids) {
          await ctx.client.deleteArchived(uid);
          process.stdout.write(`Archived workflow '${uid}' deleted\n`);
        }
      });
    });
  for (const verb of ['resubmit', 'retry'] as const) {
    archive
      .command(verb)
      .description(
        verb === 'resubmit'
          ? 'submit a new workflow with the spec of an archived one'
          : 'bring an archived failed workflow back under its name, its failed steps reset',
      )
      .argument('<uids...>', 'workflow uids')
      .option('-o, --output <format>', 'json, yaml, name or wide')
      .option('--server <url>', 'Argosy server URL (default $ARGOSY_SERVER)')
      .action(async (uids: string[], opts: ArchiveOptions) => {
        const format = parseOutputFormat(opts.output);
        await withContext(opts, async (ctx) => {
          for (const uid of uids) {
            const wf =
              verb === 'resubmit'
                ? await ctx.client.resubmitArchived(uid)
                : await ctx.client.retryArchived(uid);
            process.stdout.write(formatWorkflow(wf, format));
          }
          ctx.client.afterChange();
        });
      });
  }
}
