/**
 * Argo's examples about WorkflowTemplates, ClusterWorkflowTemplates, CronWorkflows and
 * WorkflowEventBindings, the way a user runs them on Argosy: every template is stored first (as
 * `argosy template create` / `cluster-template create` would), then each Workflow is admitted
 * against the STORE (not the files), each CronWorkflow is scheduled once by the cron reconciler on
 * an injected clock, and each binding receives an event that matches it. What comes out is a
 * Workflow to run (with runExamples) or the reason it cannot be.
 */
import { relative } from 'node:path';
import { CronController } from '../../cron/cron-controller.js';
import { schedulesOf } from '../../cron/cron-types.js';
import { compileSchedules, nextRunOf } from '../../cron/next-run.js';
import { dispatchEvent } from '../../events/dispatch-event.js';
import { applyDefaults, loadFiles, type SourceDocument } from '../../spec/index.js';
import type { CronWorkflow, Workflow } from '../../spec/types.js';
import { MemoryStore, type Resource } from '../../store/index.js';
import { lintDocumentsWithStore } from '../../templates/lint-with-store.js';
import { resolveWorkflowRefs } from '../../templates/resolve-workflow-refs.js';
import { classifyWorkflow } from './classify-example.js';
import type { Example } from './run-examples.js';

const KINDS = ['WorkflowTemplate', 'ClusterWorkflowTemplate', 'CronWorkflow', 'WorkflowEventBinding'];

/** The event each binding of Argo's examples is sent (the payloads their docs describe). */
export const EVENTS: Record<
  string,
  { discriminator: string; payload: unknown; metadata?: Record<string, string[]> }
> = {
  'event-consumer': { discriminator: 'event-consumer', payload: { appellation: 'Argosy' } },
  'github-path-filter': {
    discriminator: 'github-path-filter',
    metadata: { 'x-github-event': ['push'] },
    payload: { commits: [{ added: ['subpath/A/new.txt'], removed: [], modified: ['README.md'] }] },
  },
};

export interface ReuseOutcome {
  /** Workflows to run, with how each came about in its id (`file#cron`, `file#event`...). */
  examples: Example[];
  /** Documents handled without running anything (templates stored, bindings matched...). */
  notes: string[];
  /** Things that must not happen: a lint problem, a reference that does not resolve, a cron that did not fire. */
  failures: string[];
}

function relevant(doc: SourceDocument): boolean {
  return KINDS.includes(doc.kind) || /"(templateRef|workflowTemplateRef)"/.test(JSON.stringify(doc.value));
}

export async function collectReuseExamples(dir: string): Promise<ReuseOutcome> {
  const { documents, errors } = await loadFiles([dir]);
  if (errors.length > 0) throw new Error(`cannot load ${dir}: ${errors.map((e) => e.message).join('; ')}`);
  const files = new Set(documents.filter(relevant).map((d) => d.file));
  const docs = documents.filter((d) => files.has(d.file));
  const out: ReuseOutcome = { examples: [], notes: [], failures: [] };
  const id = (d: SourceDocument) => `${relative(dir, d.file)}#${d.kind}/${d.name}`;
  let now = Date.parse('2024-05-01T12:00:30Z');
  const clock = () => new Date(now);
  const store = new MemoryStore({ clock });

  // 1. Store every template, as `argosy template create` / `cluster-template create` would.
  for (const d of docs.filter((x) => x.kind === 'WorkflowTemplate' || x.kind === 'ClusterWorkflowTemplate')) {
    try {
      await store.create(applyDefaults(d.value as unknown as Resource, 'default'));
      out.notes.push(`stored ${id(d)}`);
    } catch (err) {
      out.notes.push(
        `not stored ${id(d)}: ${(err as Error).message} (another example file defines the same name)`,
      );
    }
  }
  // 2. Every document lints clean with the stored templates as reference targets.
  const report = await lintDocumentsWithStore(docs, store, 'default');
  for (const p of report.problems)
    out.failures.push(`lint ${p.file}:${p.line}: ${p.kind}/${p.name}: ${p.path}: ${p.message}`);

  // 3. Workflows resolve their references against the store.
  for (const d of docs.filter((x) => x.kind === 'Workflow')) {
    try {
      const wf = await resolveWorkflowRefs(store, applyDefaults(d.value as unknown as Workflow, 'default'));
      out.examples.push({ id: id(d), workflow: wf, classification: classifyWorkflow(wf) });
    } catch (err) {
      out.failures.push(`${id(d)}: ${(err as Error).message}`);
    }
  }

  // 4. Each CronWorkflow fires once, at its next schedule time on the injected clock.
  const cron = new CronController({ store, holder: 'reuse-examples', now: clock, log: () => {} });
  for (const d of docs.filter((x) => x.kind === 'CronWorkflow')) {
    const created = await store.create(applyDefaults(d.value as unknown as CronWorkflow, 'default'));
    await cron.reconcileAll();
    const next = nextRunOf(compileSchedules(schedulesOf(created), created.spec.timezone), clock());
    if (!next) {
      out.failures.push(`${id(d)}: never fires`);
      continue;
    }
    now = next.getTime();
    await cron.reconcileAll();
    const stored = await store.get<CronWorkflow>('CronWorkflow', 'default', created.metadata.name ?? '');
    const run = stored.status?.active?.[0]?.name;
    if (!run) {
      const why = stored.status?.conditions?.map((c) => `${c.type}: ${c.message}`).join('; ');
      out.notes.push(`skip ${id(d)}: did not fire at ${next.toISOString()}${why ? ` (${why})` : ''}`);
      continue;
    }
    const wf = await store.get<Workflow>('Workflow', 'default', run);
    out.notes.push(`${id(d)} fired ${run}`);
    out.examples.push({ id: `${id(d)} -> ${run}`, workflow: wf, classification: classifyWorkflow(wf) });
    await store.delete('CronWorkflow', 'default', created.metadata.name ?? '');
  }

  // 5. Each WorkflowEventBinding receives its event.
  for (const d of docs.filter((x) => x.kind === 'WorkflowEventBinding')) {
    await store.create(applyDefaults(d.value as unknown as Resource, 'default'));
    const event = EVENTS[d.name];
    if (!event) {
      out.failures.push(`${id(d)}: no event in EVENTS for it`);
      continue;
    }
    const result = await dispatchEvent(store, 'default', event.discriminator, event.payload, event.metadata);
    for (const e of result.errors) out.failures.push(`${id(d)}: binding ${e.binding}: ${e.message}`);
    const mine = result.submitted.filter(
      (w) => w.metadata.labels?.['workflows.argoproj.io/workflow-event-binding'] === d.name,
    );
    if (mine.length !== 1)
      out.failures.push(`${id(d)}: the event submitted ${mine.length} workflows, want 1`);
    for (const wf of mine) {
      out.notes.push(
        `${id(d)} submitted ${wf.metadata.name} with ${JSON.stringify(wf.spec.arguments?.parameters)}`,
      );
      out.examples.push({ id: `${id(d)} -> event`, workflow: wf, classification: classifyWorkflow(wf) });
    }
    await store.delete('WorkflowEventBinding', 'default', d.name);
  }
  return out;
}
