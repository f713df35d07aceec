/**
 * `argosy configmap apply|get|list|delete`: the ConfigMaps (and Secrets) that synchronization limits,
 * memoization caches and resource templates use, kept in the embedded store — what `kubectl apply -f`
 * does for them on a cluster.
 */
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { ConflictError, NotFoundError, ValidationError } from '../../errors/index.js';
import { applyDefaults, loadFiles } from '../../spec/index.js';
import type { Resource } from '../../store/index.js';
import { type EmbeddedContext, withEmbeddedContext } from '../context.js';

const KINDS = new Set(['ConfigMap', 'Secret']);

interface Opts {
  namespace?: string;
  output?: string;
}

type DataResource = Resource & { data?: Record<string, string>; stringData?: Record<string, string> };

async function applyOne(
  ctx: EmbeddedContext,
  obj: DataResource,
  explicitNamespace: boolean,
): Promise<string> {
  const desired = applyDefaults(obj, ctx.namespace) as DataResource;
  if (explicitNamespace) desired.metadata.namespace = ctx.namespace;
  const ns = desired.metadata.namespace ?? ctx.namespace;
  const name = desired.metadata.name ?? '';
  for (let attempt = 0; attempt < 10; attempt++) {
    let existing: DataResource | undefined;
    try {
      existing = await ctx.store.get<DataResource>(desired.kind, ns, name);
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
    try {
      if (!existing) {
        await ctx.store.create(desired);
        return `${desired.kind.toLowerCase()}/${name} created`;
      }
      await ctx.store.update({
        ...desired,
        metadata: {
          ...existing.metadata,
          ...desired.metadata,
          resourceVersion: existing.metadata.resourceVersion,
        },
      });
      return `${desired.kind.toLowerCase()}/${name} configured`;
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
    }
  }
  throw new ConflictError(`${desired.kind} ${name}: too many concurrent updates`);
}

export function registerConfigMap(program: Command): void {
  const cmd = program
    .command('configmap')
    .alias('cm')
    .description('ConfigMaps and Secrets in the embedded store (semaphore limits, memoization caches)');
  cmd
    .command('apply')
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
      await withEmbeddedContext(opts, async (ctx) => {
        for (const d of documents) {
          process.stdout.write(
            `${await applyOne(ctx, d.value as unknown as DataResource, Boolean(opts.namespace))}\n`,
          );
        }
      });
    });
  cmd
    .command('get')
    .description('print a ConfigMap')
    .argument('<name>')
    .option('-n, --namespace <ns>', 'namespace')
    .option('-o, --output <format>', 'yaml (default) or json')
    .action(async (name: string, opts: Opts) => {
      await withEmbeddedContext(opts, async (ctx) => {
        const cm = await ctx.store.get<DataResource>('ConfigMap', ctx.namespace, name);
        process.stdout.write(opts.output === 'json' ? `${JSON.stringify(cm, null, 2)}\n` : stringify(cm));
      });
    });
  cmd
    .command('list')
    .description('list ConfigMaps: name and keys')
    .option('-n, --namespace <ns>', 'namespace')
    .action(async (opts: Opts) => {
      await withEmbeddedContext(opts, async (ctx) => {
        const { items } = await ctx.store.list<DataResource>('ConfigMap', { namespace: ctx.namespace });
        for (const cm of items) {
          process.stdout.write(`${cm.metadata.name}\t${Object.keys(cm.data ?? {}).join(',')}\n`);
        }
      });
    });
  cmd
    .command('delete')
    .description('delete ConfigMaps')
    .argument('<names...>')
    .option('-n, --namespace <ns>', 'namespace')
    .action(async (names: string[], opts: Opts) => {
      await withEmbeddedContext(opts, async (ctx) => {
        for (const name of names) {
          await ctx.store.delete('ConfigMap', ctx.namespace, name);
          process.stdout.write(`configmap/${name} deleted\n`);
        }
      });
    });
}
