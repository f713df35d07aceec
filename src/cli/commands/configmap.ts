/**
 * `argosy configmap apply|get|list|delete`: the ConfigMaps (and Secrets) that synchronization limits,
 * memoization caches and resource templates use, kept in the embedded store — what `kubectl apply -f`
 * does for them on a cluster.
 */
import type { Command } from 'commander';
import { stringify } from 'yaml';
import type { DataResource } from '../../client/index.js';
import { ValidationError } from '../../errors/index.js';
import { applyDefaults, loadFiles } from '../../spec/index.js';
import { withContext, withServerOption } from '../context.js';

const KINDS = new Set(['ConfigMap', 'Secret']);

interface Opts {
  namespace?: string;
  output?: string;
  server?: string;
}

export function registerConfigMap(program: Command): void {
  const cmd = program
    .command('configmap')
    .alias('cm')
    .description(
      'ConfigMaps and Secrets (semaphore limits, memoization caches): the embedded store or a server',
    );
  withServerOption(cmd.command('apply'))
    .description('create or update the ConfigMaps and Secrets in the files (other kinds are refused)')
    .argument('<files...>', 'YAML or JSON files')
    .option(
      '-n, --namespace <ns>',
      'namespace (default: the document\'s, else $ARGOSY_NAMESPACE or "default")',
    )
    .action(async (files: string[], opts: Opts) => {
      const { documents, errors } = await loadFiles(files);
      if (errors.length > 0) throw new ValidationError('', errors.map((e) => e.message).join('; '));
      const wrong = documents.find((d) => !KINDS.has(d.kind));
      if (wrong) {
        throw new ValidationError(
          'kind',
          `${wrong.kind} ${wrong.name ?? ''} is not a ConfigMap or Secret; nothing was applied`,
          {
            file: wrong.file,
            line: 1,
            kind: wrong.kind,
            name: wrong.name,
          },
        );
      }
      if (documents.length === 0)
        throw new ValidationError('kind', `no ConfigMap or Secret found in ${files.join(', ')}`);
      await withContext(opts, async (ctx) => {
        for (const d of documents) {
          const desired = applyDefaults(d.value as unknown as DataResource, ctx.namespace) as DataResource;
          if (opts.namespace) desired.metadata.namespace = ctx.namespace;
          const done = await ctx.resources.applyData(desired);
          process.stdout.write(`${desired.kind.toLowerCase()}/${desired.metadata.name ?? ''} ${done}\n`);
        }
      });
    });
  withServerOption(cmd.command('get'))
    .description('print a ConfigMap')
    .argument('<name>')
    .option('-n, --namespace <ns>', 'namespace')
    .option('-o, --output <format>', 'yaml (default) or json')
    .action(async (name: string, opts: Opts) => {
      await withContext(opts, async (ctx) => {
        const cm = await ctx.resources.get<DataResource>('ConfigMap', ctx.namespace, name);
        process.stdout.write(opts.output === 'json' ? `${JSON.stringify(cm, null, 2)}\n` : stringify(cm));
      });
    });
  withServerOption(cmd.command('list'))
    .description('list ConfigMaps: name and keys')
    .option('-n, --namespace <ns>', 'namespace')
    .action(async (opts: Opts) => {
      await withContext(opts, async (ctx) => {
        const { items } = await ctx.resources.list<DataResource>('ConfigMap', { namespace: ctx.namespace });
        for (const cm of items) {
          process.stdout.write(`${cm.metadata.name}\t${Object.keys(cm.data ?? {}).join(',')}\n`);
        }
      });
    });
  withServerOption(cmd.command('delete'))
    .description('delete ConfigMaps')
    .argument('<names...>')
    .option('-n, --namespace <ns>', 'namespace')
    .action(async (names: string[], opts: Opts) => {
      await withContext(opts, async (ctx) => {
        for (const name of names) {
          await ctx.resources.delete('ConfigMap', ctx.namespace, name);
          process.stdout.write(`configmap/${name} deleted\n`);
        }
      });
    });
}
