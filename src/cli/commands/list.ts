import type { Command } from 'commander';
import type { Workflow } from '../../spec/types.js';
import { withContext } from '../context.js';
import { parseOutputFormat } from '../output.js';
import { durationShort, secondsBetween } from '../render/humanize.js';
import { alignColumns } from '../render/table.js';

interface ListOptions {
  namespace?: string;
  allNamespaces?: boolean;
  selector?: string;
  status?: string;
  completed?: boolean;
  running?: boolean;
  output?: string;
}

export function registerList(program: Command): void {
  program
    .command('list')
    .description('list workflows')
    .option('-n, --namespace <ns>', 'namespace')
    .option('-A, --all-namespaces', 'all namespaces')
    .option('-l, --selector <selector>', 'label selector, e.g. app=x,tier!=db')
    .option('--status <phases>', 'only these phases, comma-separated')
    .option('--completed', 'only completed workflows')
    .option('--running', 'only running workflows')
    .option('-o, --output <format>', 'name, json, yaml or wide')
    .action(async (opts: ListOptions) => {
      const format = parseOutputFormat(opts.output);
      await withContext(opts, async (ctx) => {
        const items = await ctx.client.listWorkflows(opts.allNamespaces ? undefined : ctx.namespace, {
          labelSelector: opts.selector,
        });
        const phases = opts.status ? new Set(opts.status.split(',').map((s) => s.trim())) : undefined;
        const done = (wf: Workflow) => ['Succeeded', 'Failed', 'Error'].includes(wf.status?.phase ?? '');
        const shown = items
          .filter((wf) => !phases || phases.has(wf.status?.phase || 'Pending'))
          .filter((wf) => !opts.completed || done(wf))
          .filter((wf) => !opts.running || !done(wf))
          .sort((a, b) =>
            String(b.metadata.creationTimestamp).localeCompare(String(a.metadata.creationTimestamp)),
          );
        if (format === 'json') return void process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
        if (format === 'yaml') {
          const { stringify } = await import('yaml');
          return void process.stdout.write(stringify(shown));
        }
        if (format === 'name')
          return void process.stdout.write(shown.map((w) => `${w.metadata.name}\n`).join(''));
        const now = new Date();
        const header = ['NAME', 'STATUS', 'AGE', 'DURATION', 'PRIORITY', 'MESSAGE'];
        if (opts.allNamespaces) header.unshift('NAMESPACE');
        const rows = shown.map((wf) => {
          const s = wf.status ?? {};
          const row = [
            wf.metadata.name ?? '',
            s.phase || 'Pending',
            durationShort(secondsBetween(String(wf.metadata.creationTimestamp), undefined, now)),
            s.startedAt
              ? durationShort(secondsBetween(String(s.startedAt), s.finishedAt as string, now))
              : '0s',
            String(wf.spec.priority ?? 0),
            s.message ?? '',
          ];
          if (opts.allNamespaces) row.unshift(wf.metadata.namespace ?? '');
          return row;
        });
        process.stdout.write(`${alignColumns([header, ...rows]).join('\n')}\n`);
      });
    });
}
