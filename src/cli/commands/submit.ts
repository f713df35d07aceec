import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { catalogOf, prepareSubmission, resolveRefs } from '../../engine/index.js';
import { ValidationError } from '../../errors/index.js';
import { formatText, type LintReport, lintFiles } from '../../lint/index.js';
import { applyDefaults, type LoadResult, loadFiles, type SourceDocument } from '../../spec/index.js';
import type { Workflow } from '../../spec/types.js';
import { lintFilesWithStore } from '../../templates/lint-with-store.js';
import { resolveWorkflowRefs } from '../../templates/resolve-workflow-refs.js';
import { workflowFrom } from '../../templates/submit-from.js';
import { type CliContext, withContext } from '../context.js';
import { followWorkflow } from '../follow.js';
import { formatWorkflow, parseOutputFormat } from '../output.js';
import { parseKeyValues, parseLabels } from '../parse-flags.js';

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
  from?: string;
}

/** `--from workflowtemplate/NAME`: against a server, the server builds the workflow (POST /api/v1/workflows/{ns}/submit). */
async function submitFrom(
  ctx: CliContext,
  from: string,
  opts: SubmitOptions,
  parameters: Record<string, string>,
): Promise<Workflow> {
  const m = /^([A-Za-z]+)\/(.+)$/.exec(from);
  if (!m?.[1] || !m[2])
    throw new ValidationError('--from', `"${from}" is not kind/name, e.g. workflowtemplate/my-template`);
  return ctx.client.submitFrom(ctx.namespace, m[1], m[2], {
    parameters: Object.entries(parameters).map(([k, v]) => `${k}=${v}`),
    entryPoint: opts.entrypoint,
    labels: opts.labels,
    name: opts.name,
    generateName: opts.generateName,
  });
}

export function registerSubmit(program: Command): void {
  program
    .command('submit')
    .description(
      'submit workflows and run them to the end (in this process with --wait/--watch, else in the background)',
    )
    .argument('[files...]', 'workflow files (none with --from)')
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
    .option(
      '--from <kind/name>',
      'submit from workflowtemplate/NAME, clusterworkflowtemplate/NAME or cronwf/NAME',
    )
    .action(async (files: string[], opts: SubmitOptions) => {
      const format = parseOutputFormat(opts.output);
      const parameters = {
        ...(opts.parameterFile ? await readParameterFile(opts.parameterFile) : {}),
        ...parseKeyValues(opts.parameter, '-p'),
      };
      await withContext(opts, async (ctx) => {
        const created: Workflow[] = [];
        if (opts.from && !ctx.store) {
          if (files.length > 0)
            throw new ValidationError('--from', 'give workflow files or --from, not both');
          created.push(await submitFrom(ctx, opts.from, opts, parameters));
        } else {
          const { workflows, templates } = opts.from
            ? {
                workflows: [ready(await fromResource(opts.from, files, ctx, opts, parameters))],
                templates: [],
              }
            : await readWorkflows(files, ctx, opts, parameters);
          for (const prepare of workflows) {
            await explainedByLint(files, ctx, prepare.linted, async () => {
              const wf = await prepare.workflow();
              created.push(
                await ctx.client.createWorkflow(wf.metadata.namespace ?? ctx.namespace, wf, templates),
              );
            });
          }
        }
        if (!opts.wait && !opts.watch) {
          for (const wf of created) process.stdout.write(formatWorkflow(wf, format));
          ctx.client.afterChange();
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

/** A Workflow to create, prepared when asked; `linted` when its files were linted already. */
interface PendingWorkflow {
  linted: boolean;
  workflow(): Promise<Workflow>;
}

/** Prints a lint report and refuses, when it has problems. */
function refuseOnProblems(report: LintReport): void {
  if (report.problems.length === 0) return;
  process.stderr.write(formatText(report));
  throw new ValidationError('', `${report.problems.length} problem(s) found; nothing was submitted`);
}

/**
 * Runs `create`; when its files were not linted first and admission refuses the workflow, lints
 * them and prints the problems with their lines, as `argosy lint` would (else the refusal stands).
 */
async function explainedByLint(
  files: string[],
  ctx: CliContext,
  linted: boolean,
  create: () => Promise<void>,
): Promise<void> {
  try {
    await create();
  } catch (err) {
    if (linted || !ctx.store || !(err instanceof ValidationError)) throw err;
    refuseOnProblems((await lintFilesWithStore(files, ctx.store, ctx.namespace)).report);
    throw err;
  }
}

/**
 * Reads, lints (all files together) and prepares the Workflows to create. Nothing is stored on any
 * error. On the embedded store, files holding one Workflow and nothing else are not linted here:
 * admission lints it anyway (with the controller's workflowDefaults, as a server does), and only
 * when it refuses are the files linted for line numbers. A large file was linted twice before.
 */
async function readWorkflows(
  files: string[],
  ctx: CliContext,
  opts: SubmitOptions,
  parameters: Record<string, string>,
): Promise<{ workflows: PendingWorkflow[]; templates: Array<Record<string, unknown>> }> {
  if (files.length === 0)
    throw new ValidationError(
      '',
      "missing required argument 'files': name workflow files, or use --from kind/name",
    );
  // Unreadable files and YAML syntax errors are lint problems too, printed the way `argosy lint` does.
  // On the embedded store, references may name WorkflowTemplates stored earlier (`argosy template create`).
  // The files are parsed once: the documents lint read are the ones submitted.
  const loaded = ctx.store ? await loadFiles(files).catch(() => undefined) : undefined;
  const single = loaded && singleWorkflow(loaded);
  const linted = single === undefined;
  const { report, documents } = single
    ? { report: { problems: [], documents: single.length }, documents: single }
    : ctx.store
      ? await lintFilesWithStore(files, ctx.store, ctx.namespace, loaded)
      : await lintForServer(files);
  refuseOnProblems(report);
  const docs = documents.filter((d) => d.kind === 'Workflow');
  if (docs.length === 0) throw new ValidationError('kind', `no Workflow found in ${files.join(', ')}`);
  const labels = opts.labels ? parseLabels(opts.labels) : {};
  // templateRef / workflowTemplateRef resolve against the WorkflowTemplates submitted alongside,
  // then (embedded) the stored ones; a server resolves against its own store at admission.
  const catalog = catalogOf(documents);
  const templates = documents
    .filter((d) => d.kind === 'WorkflowTemplate' || d.kind === 'ClusterWorkflowTemplate')
    .map((d) => d.value);
  const workflows: PendingWorkflow[] = [];
  for (const doc of docs) {
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
    const document = { file: doc.file, line: 1, kind: 'Workflow', name: doc.name };
    const { store } = ctx;
    const prepare = async (): Promise<Workflow> => {
      const prepared = prepareSubmission(wf, { parameters, entrypoint: opts.entrypoint });
      if (store) return resolveWorkflowRefs(store, prepared, { docs: documents, document });
      // What the files do not resolve, the server's admission resolves against its stored templates (or refuses).
      const resolved = resolveRefs(prepared, catalog);
      return typeof resolved === 'string' ? prepared : resolved;
    };
    // Linted files: prepared now, so nothing is created unless every workflow prepares.
    workflows.push(linted ? ready(await prepare()) : { linted, workflow: prepare });
  }
  return { workflows, templates };
}

function ready(wf: Workflow): PendingWorkflow {
  return { linted: true, workflow: async () => wf };
}

/** The documents read when they parsed and hold exactly one Workflow and nothing else. */
function singleWorkflow(loaded: LoadResult): SourceDocument[] | undefined {
  if (loaded.errors.length > 0) return undefined; // reported by lint, with the other problems
  const [only, ...more] = loaded.documents;
  return only?.kind === 'Workflow' && more.length === 0 ? [only] : undefined;
}

/**
 * Lint before sending to a server: a reference to a template that is not in the files may be to one
 * the server has stored, so that problem is left to the server's admission.
 */
async function lintForServer(files: string[]): Promise<{ report: LintReport; documents: SourceDocument[] }> {
  const linted = await lintFiles(files);
  const report = {
    ...linted,
    problems: linted.problems.filter((p) => !p.message.endsWith('not found among the linted files')),
  };
  return { report, documents: (await loadFiles(files)).documents };
}

/** `--from workflowtemplate/NAME`: the Workflow Argo builds from a stored resource, with -p, -e, -l, --name. */
async function fromResource(
  from: string,
  files: string[],
  ctx: CliContext,
  opts: SubmitOptions,
  parameters: Record<string, string>,
): Promise<Workflow> {
  if (files.length > 0) throw new ValidationError('--from', 'give workflow files or --from, not both');
  if (!ctx.store) throw new ValidationError('--from', 'no embedded store is open');
  const wf = await workflowFrom(ctx.store, from, ctx.namespace);
  if (opts.name) {
    wf.metadata.name = opts.name;
    delete wf.metadata.generateName;
  } else if (opts.generateName) wf.metadata.generateName = opts.generateName;
  wf.metadata.labels = { ...(wf.metadata.labels ?? {}), ...(opts.labels ? parseLabels(opts.labels) : {}) };
  const prepared = prepareSubmission(wf, { parameters, entrypoint: opts.entrypoint });
  return resolveWorkflowRefs(ctx.store, prepared, { document: { kind: 'Workflow', name: from } });
}
