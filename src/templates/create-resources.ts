/**
 * `argosy template|cluster-template|cron|event-binding create FILES`: the documents of one kind are
 * linted (with the stored templates as reference targets), checked by the kind's own rules, and
 * only then stored, all of them or none: a bad file prints `FILE:LINE: Kind/name: field: reason`
 * lines and stores nothing.
 */
import { AlreadyExistsError, NotFoundError, ValidationError } from '../errors/index.js';
import { formatText } from '../lint/index.js';
import type { LintProblem } from '../lint/problem.js';
import { applyDefaults, type SourceDocument } from '../spec/index.js';
import type { Resource, ResourceReader } from '../store/index.js';
import { isClusterScoped, resourceName } from '../store/index.js';
import { lintFilesWithStore } from './lint-with-store.js';

/** A kind's own admission rule, after lint: problems at field paths of one document. */
export type KindCheck = (
  doc: SourceDocument,
  all: readonly SourceDocument[],
  store: ResourceReader,
  namespace: string,
) => Promise<Array<{ path: Array<string | number>; message: string }>>;

export interface CreateOptions {
  kind: string;
  namespace: string;
  check?: KindCheck;
}

export function problemOf(doc: SourceDocument, path: Array<string | number>, message: string): LintProblem {
  const text = path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
  return {
    file: doc.file,
    line: doc.lineOf(path),
    kind: doc.kind,
    name: doc.name,
    path: text || '-',
    message,
  };
}

/** Lints and checks the files; returns the resources to create, or throws after printing the problems. */
export async function admitFiles(
  files: string[],
  store: ResourceReader,
  options: CreateOptions,
): Promise<Resource[]> {
  const { report, documents } = await lintFilesWithStore(files, store, options.namespace);
  const problems = [...report.problems];
  const ours = documents.filter((d) => d.kind === options.kind);
  const linted = problems.length;
  for (const doc of ours) {
    try {
      for (const p of (await options.check?.(doc, documents, store, options.namespace)) ?? []) {
        problems.push(problemOf(doc, p.path, p.message));
      }
    } catch (err) {
      // A kind check reading a document lint already refused may trip over its shape: lint has said why.
      if (linted === 0) throw err;
    }
  }
  if (problems.length > 0) {
    process.stderr.write(formatText({ problems, documents: report.documents }));
    throw new ValidationError('', `${problems.length} problem(s) found; nothing was created`);
  }
  if (ours.length === 0) throw new ValidationError('kind', `no ${options.kind} found in ${files.join(', ')}`);
  return ours.map((doc) => {
    const obj = applyDefaults(doc.value, options.namespace) as unknown as Resource;
    if (isClusterScoped(options.kind)) delete obj.metadata.namespace;
    return obj;
  });
}

/** Where createAll stores: the embedded store, or a server through the CLI's resource client. */
export interface ResourceCreator {
  get<T extends Resource>(kind: string, namespace: string, name: string): Promise<T>;
  create<T extends Resource>(obj: T): Promise<T>;
}

/** Creates every resource, after checking that none exists yet (so a clash stores nothing). */
export async function createAll(store: ResourceCreator, resources: Resource[]): Promise<Resource[]> {
  for (const r of resources) {
    if (!r.metadata.name) continue; // generateName: never clashes
    try {
      await store.get(r.kind, r.metadata.namespace ?? '', r.metadata.name);
      throw new AlreadyExistsError(`${resourceName(r.kind)} "${r.metadata.name}" already exists`);
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
  }
  const created: Resource[] = [];
  for (const r of resources) created.push(await store.create(r));
  return created;
}
