/**
 * `argosy template create|get|list|delete|lint`, and the same verbs for the other stored kinds
 * (cluster-template, cron, event-binding) through `registerResourceCommands`.
 */
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { ValidationError } from '../../errors/index.js';
import type { Resource, ResourceReader } from '../../store/index.js';
import { isClusterScoped } from '../../store/index.js';
import { admitFiles, createAll, type KindCheck, problemOf } from '../../templates/create-resources.js';
import { formatText, lintFilesWithStore } from '../../templates/lint-with-store.js';
import { summaryLines } from '../../templates/resource-summary.js';
import { checkTemplateChains } from '../../templates/template-checks.js';
import { type CliContext, withContext, withServerOption } from '../context.js';
import { durationShort, secondsBetween } from '../render/humanize.js';
import { alignColumns } from '../render/table.js';

export interface ResourceCommands<T extends Resource> {
  command: string;
  aliases?: string[];
  kind: string;
  description: string;
  check?: KindCheck;
  /** Rows after Name/Namespace/Created in `get`. */
  describe?: (obj: T, ctx: CliContext) => Array<[string, string]>;
  /** `list` columns after NAME (and NAMESPACE). */
  columns?: { header: string[]; row: (obj: T, now: Date) => string[] };
  /** After one is deleted (a CronWorkflow's runs go with it, as Kubernetes' owner GC does). */
  afterDelete?: (ctx: CliContext, name: string) => Promise<void>;
}

type Format = '' | 'json' | 'yaml' | 'name' | 'wide';

function parseFormat(value: string | undefined): Format {
  const v = value ?? '';
  if (v === '' || v === 'json' || v === 'yaml' || v === 'name' || v === 'wide') return v;
  throw new ValidationError('--output', `unknown output format "${v}": use json, yaml, name or wide`);
}

function print<T extends Resource>(spec: ResourceCommands<T>, obj: T, format: Format, ctx: CliContext): void {
  if (format === 'json') process.stdout.write(`${JSON.stringify(obj, null, 2)}\n`);
  else if (format === 'yaml') process.stdout.write(stringify(obj));
  else if (format === 'name') process.stdout.write(`${obj.metadata.name}\n`);
  else process.stdout.write(summaryLines(obj, spec.describe?.(obj, ctx) ?? []));
}

const scope = (kind: string, ctx: CliContext) => (isClusterScoped(kind) ? '' : ctx.namespace);

interface Opts {
  namespace?: string;
  server?: string;
  output?: string;
  allNamespaces?: boolean;
  all?: boolean;
  selector?: string;
}

async function listOf<T extends Resource>(
  store: ResourceReader,
  kind: string,
  ns: string | undefined,
  selector?: string,
) {
  const { items } = await store.list<T>(kind, { namespace: ns, labelSelector: selector });
  return items.sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
}

export function registerResourceCommands<T extends Resource>(
  program: Command,
  spec: ResourceCommands<T>,
): Command {
  const cmd = program.command(spec.command).description(spec.description);
  for (const alias of spec.aliases ?? []) cmd.alias(alias);
  const ns = (c: Command) => {
    withServerOption(c);
    return isClusterScoped(spec.kind) ? c : c.option('-n, --namespace <ns>', 'namespace');
  };

  ns(
    cmd
      .command('create')
      .description(`create ${spec.kind}s from files (linted first; nothing stored on a problem)`),
  )
    .argument('<files...>', 'files')
    .option('-o, --output <format>', 'json, yaml, name or wide')
    .action(async (files: string[], opts: Opts) => {
      const format = parseFormat(opts.output);
      await withContext(opts, async (ctx) => {
        const resources = await admitFiles(files, ctx.resources, {
          kind: spec.kind,
          namespace: ctx.namespace,
          check: spec.check,
        });
        for (const obj of await createAll(ctx.resources, resources)) print(spec, obj as T, format, ctx);
      });
    });

  ns(cmd.command('get').description(`display ${spec.kind}s`))
    .argument('<names...>', 'names')
    .option('-o, --output <format>', 'json, yaml, name or wide')
    .action(async (names: string[], opts: Opts) => {
      const format = parseFormat(opts.output);
      await withContext(opts, async (ctx) => {
        for (const name of names) {
          print(spec, await ctx.resources.get<T>(spec.kind, scope(spec.kind, ctx), name), format, ctx);
        }
      });
    });

  const list = ns(cmd.command('list').alias('ls').description(`list ${spec.kind}s`));
  if (!isClusterScoped(spec.kind)) list.option('-A, --all-namespaces', 'all namespaces');
  list
    .option('-l, --selector <selector>', 'label selector')
    .option('-o, --output <format>', 'name, json, yaml or wide')
    .action(async (opts: Opts) => {
      const format = parseFormat(opts.output);
      await withContext(opts, async (ctx) => {
        const all = opts.allNamespaces === true;
        const items = await listOf<T>(
          ctx.resources,
          spec.kind,
          all ? undefined : scope(spec.kind, ctx),
          opts.selector,
        );
        if (format === 'json') return void process.stdout.write(`${JSON.stringify(items, null, 2)}\n`);
        if (format === 'yaml') return void process.stdout.write(stringify(items));
        if (format === 'name')
          return void process.stdout.write(items.map((i) => `${i.metadata.name}\n`).join(''));
        const now = new Date();
        const header = ['NAME', ...(spec.columns?.header ?? ['AGE'])];
        if (all) header.unshift('NAMESPACE');
        const rows = items.map((obj) => {
          const row = [
            obj.metadata.name ?? '',
            ...(spec.columns?.row(obj, now) ?? [
              durationShort(secondsBetween(String(obj.metadata.creationTimestamp), undefined, now)),
            ]),
          ];
          if (all) row.unshift(obj.metadata.namespace ?? '');
          return row;
        });
        process.stdout.write(`${alignColumns([header, ...rows]).join('\n')}\n`);
      });
    });

  ns(cmd.command('delete').description(`delete ${spec.kind}s`))
    .argument('[names...]', 'names')
    .option('--all', `every ${spec.kind}${isClusterScoped(spec.kind) ? '' : ' of the namespace'}`)
    .action(async (names: string[], opts: Opts) => {
      await withContext(opts, async (ctx) => {
        if (names.length === 0 && !opts.all)
          throw new ValidationError('', `name a ${spec.kind}, or use --all`);
        const targets = opts.all
          ? (await listOf<T>(ctx.resources, spec.kind, scope(spec.kind, ctx))).map(
              (o) => o.metadata.name ?? '',
            )
          : names;
        for (const name of targets) {
          await ctx.resources.delete(spec.kind, scope(spec.kind, ctx), name);
          await spec.afterDelete?.(ctx, name);
          process.stdout.write(`${spec.kind} '${name}' deleted\n`);
        }
      });
    });

  ns(cmd.command('lint').description(`lint ${spec.kind} files (references may name stored templates)`))
    .argument('<files...>', 'files or directories')
    .action(async (files: string[], opts: Opts) => {
      await withContext(opts, async (ctx) => {
        const { report, documents } = await lintFilesWithStore(files, ctx.resources, ctx.namespace);
        const problems = [...report.problems];
        if (problems.length === 0 && spec.check) {
          for (const doc of documents.filter((d) => d.kind === spec.kind)) {
            for (const p of await spec.check(doc, documents, ctx.resources, ctx.namespace)) {
              problems.push(problemOf(doc, p.path, p.message));
            }
          }
        }
        process.stdout.write(formatText({ problems, documents: report.documents }));
        if (problems.length > 0) process.exitCode = 1;
        else process.stdout.write('no linting errors found\n');
      });
    });
  return cmd;
}

export function registerTemplate(program: Command): void {
  registerResourceCommands(program, {
    command: 'template',
    kind: 'WorkflowTemplate',
    description: 'manage WorkflowTemplates',
    check: checkTemplateChains,
  });
}
