import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { catalogOf, prepareSubmission, resolveRefs } from '../../engine/index.js';
import { ValidationError } from '../../errors/index.js';
import { formatText, lintFiles } from '../../lint/index.js';
import { applyDefaults, loadFiles } from '../../spec/index.js';
import type { Workflow } from '../../spec/types.js';
import { type CliContext, withContext } from '../context.js';
import { followWorkflow } from '../follow.js';
import { formatWorkflow, parseOutputFormat } from '../output.js';
import { parseKeyValues, parseLabels } from '../parse-flags.js';
import { spawnBackgroundController } from '../run-controller.js';

interface SubmitOptions {
  namespace?: string;
  watch?: boolean;
  wait?: boolean;
  output?: string;
  parameter: string[];
  parameterFile?: string;
  entrypoint?: string;
  generateName?: string;
  name?: string;
  labels?: string;
}

export function registerSubmit(program: Command): void {
  program
    .command('submit')
    .description(
      'submit workflows and run them to the end (in this process with --wait/--watch, else in the background)',
    )
    .argument('<files...>', 'workflow files')
    .option('-n, --namespace <ns>', 'namespace (default $ARGOSY_NAMESPACE or "default")')
    .option('-w, --wait', 'wait for the workflow to complete; exit 1 unless it Succeeded')
    .option('--watch', 'watch the workflow until it completes, drawing the live tree')
    .option('-o, --output <format>', 'json, yaml, name or wide')
    .option('-p, --parameter <name=value>', 'input parameter (repeatable)', collect, [])
    .option('-f, --parameter-file <file>', 'YAML or JSON file of parameters')
    .option('-e, --entrypoint <template>', 'override the entrypoint')
    .option('--generate-name <prefix>', 'override metadata.generateName')
    .option('--name <name>', 'override metadata.name')
    .option('-l, --labels <k=v,...>', 'labels to add')
    .action(async (files: string[], opts: SubmitOptions) => {
      const format = parseOutputFormat(opts.output);
      const parameters = {
        ...(opts.parameterFile ? await readParameterFile(opts.parameterFile) : {}),
        ...parseKeyValues(opts.parameter, '-p'),
      };
      await withContext(opts, async (ctx) => {
        const workflows = await readWorkflows(files, ctx, opts, parameters);
        const created: Workflow[] = [];
        for (const wf of workflows) created.push(await ctx.store.create(wf));
        if (!opts.wait && !opts.watch) {
          for (const wf of created) process.stdout.write(formatWorkflow(wf, format));
          spawnBackgroundController(ctx.home);
          return;
        }
        let ok = true;
        for (const wf of created) {
          const done = await followWorkflow(ctx, wf, { watch: opts.watch === true, format });
          ok &&= done.status?.phase === 'Succeeded';
        }
        if (!ok) process.exitCode = 1;
      });
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

async function readParameterFile(file: string): Promise<Record<string, string>> {
  const { parse } = await import('yaml');
  const data: unknown = parse(await readFile(file, 'utf8'));
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    throw new ValidationError('', `parameter file ${file} must hold a mapping of name: value`);
  }
  return Object.fromEntries(
    Object.entries(data).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
  );
}

/** Reads, lints (all files together) and prepares the Workflows to create. Nothing is stored on any error. */
async function readWorkflows(
  files: string[],
  ctx: CliContext,
  opts: SubmitOptions,
  parameters: Record<string, string>,
): Promise<Workflow[]> {
  // Unreadable files and YAML syntax errors are lint problems too, printed the way `argosy lint` does.
  const report = await lintFiles(files);
  if (report.problems.length > 0) {
    process.stderr.write(formatText(report));
    throw new ValidationError('', `${report.problems.length} problem(s) found; nothing was submitted`);
  }
  const { documents } = await loadFiles(files);
  const docs = documents.filter((d) => d.kind === 'Workflow');
  if (docs.length === 0) throw new ValidationError('kind', `no Workflow found in ${files.join(', ')}`);
  const labels = opts.labels ? parseLabels(opts.labels) : {};
  // templateRef / workflowTemplateRef resolve against the WorkflowTemplates submitted alongside
  // (lint has already checked they are there); stored WorkflowTemplates come with the API layer.
  const catalog = catalogOf(documents);
  return docs.map((doc) => {
    const wf = applyDefaults(
      doc.value as unknown as Workflow,
      opts.namespace ? ctx.namespace : undefined,
    ) as Workflow;
    if (!opts.namespace && !(doc.value as { metadata?: { namespace?: string } }).metadata?.namespace) {
      wf.metadata.namespace = ctx.namespace;
    }
    if (opts.name) {
      wf.metadata.name = opts.name;
      delete wf.metadata.generateName;
    } else if (opts.generateName) {
      delete wf.metadata.name;
      wf.metadata.generateName = opts.generateName;
    }
    wf.metadata.labels = { ...(wf.metadata.labels ?? {}), ...labels };
    const resolved = resolveRefs(prepareSubmission(wf, { parameters, entrypoint: opts.entrypoint }), catalog);
    if (typeof resolved === 'string') {
      throw new ValidationError('spec', resolved, {
        file: doc.file,
        line: 1,
        kind: 'Workflow',
        name: doc.name,
      });
    }
    return resolved;
  });
}
