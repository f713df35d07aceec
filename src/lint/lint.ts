/**
 * `argosy lint`: runs every rule over every document of the files given, resolving references across
 * all of them, and formats the problems as `FILE:LINE: Kind/name: field.path: reason` or JSON.
 */
import { ParseError } from '../errors/index.js';
import { formatPath, loadFiles, type SourceDocument } from '../spec/index.js';
import { cronRule } from './cron-rule.js';
import { dagRule } from './dag-rule.js';
import { expressionsRule } from './expressions-rule.js';
import { metricsRule } from './metrics-rule.js';
import { namesRule } from './names-rule.js';
import { type LintProblem, type LintReport, problemAt } from './problem.js';
import { referencesRule } from './references-rule.js';
import { type Rule, ruleContext } from './rule.js';
import { schemaRule } from './schema-rule.js';
import { templateShapeRule } from './template-shape-rule.js';
import { timingRule } from './timing-rule.js';
import { variablesRule } from './variables-rule.js';
import { Catalog } from './workflow-view.js';

/** Reserved for rule selection; no options yet. */
export type LintOptions = Record<string, never>;

export const RULES: readonly Rule[] = [
  schemaRule,
  namesRule,
  templateShapeRule,
  referencesRule,
  dagRule,
  variablesRule,
  expressionsRule,
  timingRule,
  cronRule,
  metricsRule,
];

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function compare(a: LintProblem, b: LintProblem): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.line - b.line ||
    (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}

function finish(problems: LintProblem[], documents: number): LintReport {
  const seen = new Set<string>();
  const unique = problems.filter((p) => {
    const key = `${p.file}\0${p.line}\0${p.path}\0${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { problems: unique.sort(compare), documents };
}

/** Lints documents already parsed; references resolve among these documents only. */
export function lintDocuments(docs: readonly SourceDocument[], rules: readonly Rule[] = RULES): LintReport {
  const catalog = new Catalog(docs);
  const problems: LintProblem[] = [];
  for (const doc of docs) {
    const ctx = ruleContext(doc, catalog);
    for (const rule of rules) {
      const report = (path: Array<string | number>, text: string) => {
        problems.push(problemAt(doc, path, formatPath(path), text));
      };
      try {
        rule.check(ctx, report);
      } catch (err) {
        report([], `internal error in lint rule "${rule.id}": ${message(err)}`);
      }
    }
  }
  return finish(problems, docs.length);
}

export function parseErrorProblem(err: unknown, fallbackFile: string): LintProblem {
  const file = err instanceof ParseError && err.file ? err.file : fallbackFile;
  const line = err instanceof ParseError && err.line ? err.line : 1;
  const reason = err instanceof ParseError ? err.reason : message(err);
  return { file, line, kind: '-', name: '-', path: '-', message: reason };
}

/** Lints files and directories (recursively, .yaml/.yml/.json) together. Never throws. */
export async function lintFiles(paths: string[], options: LintOptions = {}): Promise<LintReport> {
  void options;
  try {
    const { documents, errors } = await loadFiles(paths);
    const report = lintDocuments(documents);
    return finish(
      [...report.problems, ...errors.map((e) => parseErrorProblem(e, e.file ?? '-'))],
      documents.length,
    );
  } catch (err) {
    return finish([parseErrorProblem(err, paths.join(','))], 0);
  }
}

export function formatProblem(p: LintProblem): string {
  const where = p.kind === '-' && p.name === '-' ? '-' : `${p.kind}/${p.name}`;
  return `${p.file}:${p.line}: ${where}: ${p.path}: ${p.message.replace(/\s*\n\s*/g, ' ')}`;
}

/** One line per problem; empty when there are none. */
export function formatText(report: LintReport): string {
  return report.problems.map((p) => `${formatProblem(p)}\n`).join('');
}

export function formatJson(report: LintReport): string {
  return `${JSON.stringify({ problems: report.problems, documents: report.documents }, null, 2)}\n`;
}

export interface RunLintOptions {
  output: 'text' | 'json';
}

/** What the CLI needs: exit code 1 when any problem was found, and the formatted output. Never throws. */
export async function runLint(
  paths: string[],
  options: RunLintOptions = { output: 'text' },
): Promise<{ exitCode: 0 | 1; stdout: string }> {
  const report = await lintFiles(paths);
  const stdout = options.output === 'json' ? formatJson(report) : formatText(report);
  return { exitCode: report.problems.length > 0 ? 1 : 0, stdout };
}
