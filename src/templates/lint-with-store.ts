/**
 * Lint for documents that may reference templates already stored: the stored WorkflowTemplates
 * (of the namespace) and ClusterWorkflowTemplates join the lint run as extra documents, so
 * references to them resolve, and only the problems of the given files are reported.
 */
import { formatText, lintDocuments } from '../lint/index.js';
import { parseErrorProblem } from '../lint/lint.js';
import type { LintProblem, LintReport } from '../lint/problem.js';
import { type LoadResult, loadFiles, type SourceDocument } from '../spec/index.js';
import type { Resource, ResourceReader } from '../store/index.js';

const STORED = '<stored>';

function storedDocument(obj: Resource): SourceDocument {
  return {
    file: STORED,
    index: 0,
    kind: obj.kind,
    name: obj.metadata.name ?? '',
    value: obj as unknown as Record<string, unknown>,
    lineOf: () => 1,
  };
}

export interface StoreLintResult {
  report: LintReport;
  documents: SourceDocument[];
}

/** The stored WorkflowTemplates (of `namespace`) and ClusterWorkflowTemplates not among `documents`. */
async function storedTemplates(
  documents: readonly SourceDocument[],
  store: ResourceReader,
  namespace: string,
): Promise<SourceDocument[]> {
  const given = new Set(documents.map((d) => `${d.kind}/${d.name}`));
  const stored: SourceDocument[] = [];
  for (const kind of ['WorkflowTemplate', 'ClusterWorkflowTemplate']) {
    const { items } = await store.list<Resource>(kind, { namespace });
    for (const obj of items) {
      if (!given.has(`${kind}/${obj.metadata.name ?? ''}`)) stored.push(storedDocument(obj));
    }
  }
  return stored;
}

function lintWith(
  documents: readonly SourceDocument[],
  stored: SourceDocument[],
  namespace: string,
): LintReport {
  const report = lintDocuments([...documents, ...stored]);
  const where = (message: string) =>
    message.startsWith('ClusterWorkflowTemplate')
      ? 'among the linted files or stored'
      : `among the linted files or stored in namespace "${namespace}"`;
  const problems: LintProblem[] = report.problems
    .filter((p) => p.file !== STORED)
    .map((p) => ({ ...p, message: p.message.replace('among the linted files', where(p.message)) }));
  return { problems, documents: documents.length };
}

/** Lints documents with the stored templates of `namespace` as reference targets. */
export async function lintDocumentsWithStore(
  documents: readonly SourceDocument[],
  store: ResourceReader,
  namespace: string,
): Promise<LintReport> {
  return lintWith(documents, await storedTemplates(documents, store, namespace), namespace);
}

/**
 * Reads and lints files (parse errors included, as `argosy lint` reports them). Bad input never
 * throws; a store that cannot be read (a server refusing the token) does.
 */
export async function lintFilesWithStore(
  files: string[],
  store: ResourceReader,
  namespace: string,
  /** The files as loadFiles read them already (not read again). */
  alreadyLoaded?: LoadResult,
): Promise<StoreLintResult> {
  let loaded: LoadResult;
  try {
    loaded = alreadyLoaded ?? (await loadFiles(files));
  } catch (err) {
    return { report: { problems: [parseErrorProblem(err, files.join(','))], documents: 0 }, documents: [] };
  }
  const { documents, errors } = loaded;
  const stored = await storedTemplates(documents, store, namespace);
  let report: LintReport;
  try {
    report = lintWith(documents, stored, namespace);
  } catch (err) {
    return { report: { problems: [parseErrorProblem(err, files.join(','))], documents: 0 }, documents: [] };
  }
  const problems = [...report.problems, ...errors.map((e) => parseErrorProblem(e, e.file ?? '-'))];
  return { report: { problems, documents: documents.length }, documents };
}

export { formatText };
