/**
 * Runs Argo's example Workflows for real, in this process: one MemoryStore, one HostRuntime and one
 * WorkflowController shared by all, several workflows at a time, each with its own deadline.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { ArtifactRepository } from '../../config/index.js';
import { type ResumeOptions, resumeWorkflow } from '../../engine/cli/workflow-operations.js';
import { prepareSubmission } from '../../engine/index.js';
import { catalogOf, resolveRefs } from '../../engine/template-refs.js';
import { ConflictError } from '../../errors/index.js';
import { type ExecutorServices, executorServices, listArtifactPaths } from '../../executor/index.js';
import { HostRuntime } from '../../runtime/index.js';
import type { Runtime } from '../../runtime/runtime.js';
import { applyDefaults, loadFiles } from '../../spec/index.js';
import type { ConfigMap, Workflow } from '../../spec/types.js';
import type { Resource } from '../../store/index.js';
import { MemoryStore } from '../../store/index.js';
import { artifactDeleter } from '../artifact-gc-on-deletion.js';
import { artifactRepositoryResolver } from '../artifact-repository-resolver.js';
import { storeSecretReader } from '../secret-reader.js';
import { WorkflowController } from '../workflow-controller.js';
import { EXAMPLE_REPOSITORY_KEYS } from './artifact-reason.js';
import { type Classification, classifyWorkflow } from './classify-example.js';

export interface Example {
  /** The file relative to the examples directory, with `#<n>` for the n-th Workflow of a file holding several. */
  id: string;
  workflow: Workflow;
  classification: Classification;
}

export interface ExampleOutcome {
  id: string;
  /** The final phase, or `Timeout` when the workflow had not completed by its deadline. */
  phase: string;
  message: string;
  /** One line per node that did not succeed: `name (type) phase: message`. */
  nodes: string[];
  ms: number;
  /** The workflow as it ended (with its nodes), for checks beyond the phase; absent when not created. */
  final?: Workflow;
}

/** Every Workflow document under dir, classified. Other kinds (templates, cron...) are ignored. */
export async function collectExamples(dir: string): Promise<Example[]> {
  const { documents, errors } = await loadFiles([dir]);
  if (errors.length > 0) throw new Error(`cannot load ${dir}: ${errors.map((e) => e.message).join('; ')}`);
  const workflows = documents.filter((d) => d.kind === 'Workflow');
  const catalog = catalogOf(documents);
  const perFile = new Map<string, number>();
  for (const d of workflows) perFile.set(d.file, (perFile.get(d.file) ?? 0) + 1);
  const seen = new Map<string, number>();
  return workflows.map((d) => {
    const file = relative(dir, d.file);
    const n = seen.get(file) ?? 0;
    seen.set(file, n + 1);
    const id = (perFile.get(d.file) ?? 1) > 1 ? `${file}#${n}` : file;
    const resolved = resolveRefs(d.value as unknown as Workflow, catalog);
    if (typeof resolved === 'string') {
      const workflow = d.value as unknown as Workflow;
      return { id, workflow, classification: { runnable: false, reason: resolved } };
    }
    return { id, workflow: resolved, classification: classifyWorkflow(resolved) };
  });
}

export interface RunOptions {
  concurrency: number;
  timeoutMs: number;
  /** Examples (by id) whose suspend nodes the test resumes, as `argo resume` would. */
  resume?: Record<string, Omit<ResumeOptions, 'now'>>;
  /** Stores what the examples need (WorkflowTemplates, ConfigMaps) before any runs. */
  seed?: (store: MemoryStore) => Promise<void>;
  /**
   * The runtime to run them on (default: a HostRuntime under the temporary home). `artifacts` are
   * the drivers the controller uses too: the local repository, and credentials from the store's Secrets.
   */
  runtime?: (home: string, artifacts: ExecutorServices) => Runtime | Promise<Runtime>;
  /** The default artifact repository, as the configuration's `artifactRepository` (default: `local: {}`). */
  artifactRepository?: ArtifactRepository;
}

/** Runs the examples, at most `concurrency` at once; resolves when all have completed or timed out. */
export async function runExamples(examples: Example[], options: RunOptions): Promise<ExampleOutcome[]> {
  const home = await mkdtemp(join(tmpdir(), 'argosy-examples-'));
  const store = new MemoryStore();
  // One local repository for the steps (host runtime) and the controller (data templates, GC);
  // credentials come from the Secrets `seed` stores.
  const artifacts = executorServices({
    home,
    localRoot: join(home, 'pods', '.argosy-artifacts'),
    secrets: storeSecretReader(store),
  });
  const runtime = options.runtime
    ? await options.runtime(home, artifacts)
    : new HostRuntime({ baseDir: join(home, 'pods'), killGraceMs: 500, warn: () => {}, artifacts });
  const logs: string[] = [];
  const controller = new WorkflowController({
    store,
    runtime,
    holder: 'argo-examples-test',
    workers: 4,
    lostPodPolicy: 'restart',
    log: (m) => logs.push(m),
    resolveArtifactRepository: artifactRepositoryResolver(store, {
      artifactRepository: options.artifactRepository,
    }),
    listArtifactPaths: (namespace, action) =>
      listArtifactPaths(action.artifact, action.repository, namespace, artifacts),
    deleteArtifacts: artifactDeleter(artifacts),
  });
  await store.create(exampleRepositories() as ConfigMap & Resource);
  await options.seed?.(store);
  await controller.start();
  const outcomes: ExampleOutcome[] = [];
  const queue = [...examples];
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      outcomes.push(await runOne(next, store, controller, options));
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency }, worker));
  } finally {
    await controller.stop();
    await runtime.close();
    await rm(home, { recursive: true, force: true });
  }
  if (logs.length > 0) console.log(`controller log:\n  ${logs.join('\n  ')}`);
  return outcomes.sort((a, b) => a.id.localeCompare(b.id));
}

/** The `artifact-repositories` ConfigMap Argo's examples refer to: every key is the local repository. */
function exampleRepositories(): ConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'artifact-repositories', namespace: 'default' },
    data: Object.fromEntries(EXAMPLE_REPOSITORY_KEYS.map((k) => [k, 'local: {}\n'])),
  };
}

async function runOne(
  example: Example,
  store: MemoryStore,
  controller: WorkflowController,
  options: RunOptions,
): Promise<ExampleOutcome> {
  const started = Date.now();
  const prepared = prepareSubmission(applyDefaults(example.workflow) as Workflow);
  let created: Workflow;
  try {
    created = await store.create(prepared);
  } catch (err) {
    return { id: example.id, phase: 'NotCreated', message: String(err), nodes: [], ms: 0 };
  }
  const ns = created.metadata.namespace ?? 'default';
  const name = created.metadata.name ?? '';
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), options.timeoutMs);
  });
  const resume = options.resume?.[example.id];
  let finished = false;
  const resumer = resume ? resumeWhenSuspended(store, ns, name, resume, () => finished) : Promise.resolve();
  const done = await Promise.race([controller.whenCompleted(ns, name), deadline]);
  finished = true;
  clearTimeout(timer);
  await resumer;
  const wf = done ?? (await store.get<Workflow>('Workflow', ns, name, { withNodes: true }));
  return {
    id: example.id,
    phase: done ? (wf.status?.phase ?? 'Unknown') : 'Timeout',
    message: wf.status?.message ?? '',
    nodes: Object.values(wf.status?.nodes ?? {})
      .filter((n) => n.phase !== 'Succeeded')
      .map((n) => `${n.name} (${n.type}) ${n.phase}${n.message ? `: ${n.message}` : ''}`),
    ms: Date.now() - started,
    final: wf,
  };
}

/** Polls until a matching suspend node runs, then resumes it (retrying on conflicts), until stopped. */
async function resumeWhenSuspended(
  store: MemoryStore,
  ns: string,
  name: string,
  options: Omit<ResumeOptions, 'now'>,
  stopped: () => boolean,
): Promise<void> {
  while (!stopped()) {
    await new Promise((r) => setTimeout(r, 250));
    const wf = await store.get<Workflow>('Workflow', ns, name, { withNodes: true });
    const waiting = Object.values(wf.status?.nodes ?? {}).some(
      (n) =>
        n.type === 'Suspend' &&
        n.phase === 'Running' &&
        (!options.nodeFieldSelector || options.nodeFieldSelector === `displayName=${n.displayName}`),
    );
    if (!waiting) continue;
    try {
      await store.update(resumeWorkflow(wf, options));
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
    }
  }
}
