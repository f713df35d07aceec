/**
 * Lint for documents that may reference templates already stored: the stored WorkflowTemplates
 * (of the namespace) and ClusterWorkflowTemplates join the lint run as extra documents, so
 * references to them resolve, and only the problems of the given files are reported.
 */
import { formatText, lintDocuments } from '../lint/index.js';
import { parseErrorProblem } from '../lint/lint.js';
import type { LintProblem, LintReport } from '../lint/problem.js';
import { loadFiles, type SourceDocument } from '../spec/index.js';
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

/** Lints documents with the stored templates of `namespace` as reference targets. */
export async function lintDocumentsWithStore(
  documents: readonly SourceDocument[],
  store: ResourceReader,
  namespace: string,
): Promise<LintReport> {
  const given = new Set(documents.map((d) => `${d.kind}/${d.name}`));
  const stored: SourceDocument[] = [];
  for (const kind of ['WorkflowTemplate', 'ClusterWorkflowTemplate']) {
    const { items } = await store.list<Resource>(kind, { namespace });
    for (const obj of items) {
      if (!given.has(`${kind}/${obj.metadata.name ?? ''}`)) stored.push(storedDocument(obj));
    }
  }
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

/** Reads and lints files (parse errors included, as `argosy lint` reports them). Never throws on bad input. */
export async function lintFilesWithStore(
  files: string[],
  store: ResourceReader,
  namespace: string,
): Promise<StoreLintResult> {
  try {
    const { documents, errors } = await loadFiles(files);
    const report = await lintDocumentsWithStore(documents, store, namespace);
    const problems = [...report.problems, ...errors.map((e) => parseErrorProblem(e, e.file ?? '-'))];
    return { report: { problems, documents: documents.length }, documents };
  } catch (err) {
    return { report: { problems: [parseErrorProblem(err, files.join(','))], documents: 0 }, documents: [] };
  }
}

export { formatText };
