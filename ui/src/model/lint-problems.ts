/**
 * Lint problems to show inline in the submit editor: YAML syntax errors found in the browser, and
 * the server's lint message split into lines (Argosy's `FILE:LINE: Kind/name: field: reason`, or
 * Argo's plain text), each with the editor line it points at when it names one.
 */

import { isMap, isSeq, LineCounter, type Node, parseAllDocuments, parseDocument } from 'yaml';

export interface Problem {
  line?: number;
  message: string;
}

/** Parses the editor text; returns the documents, or the YAML errors with their lines. */
export function parseYamlDocuments(text: string): { docs: unknown[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const docs: unknown[] = [];
  for (const doc of parseAllDocuments(text, { prettyErrors: true })) {
    for (const error of doc.errors) {
      const pos = error.linePos?.[0];
      problems.push({
        ...(pos ? { line: pos.line } : {}),
        message: (error.message.split('\n')[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, ''),
      });
    }
    if (doc.errors.length === 0) {
      const value = doc.toJS();
      if (value !== null && value !== undefined) docs.push(value);
    }
  }
  if (problems.length === 0 && docs.length === 0) problems.push({ message: 'the document is empty' });
  return { docs, problems };
}

/** Splits a server lint error into problems, picking up `:LINE:` or `line N` where present. */
export function problemsFromMessage(message: string): Problem[] {
  return message
    .split(/\n|;\s(?=\S+:\d+:)/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((text) => {
      const m = /^[^\s:]*:(\d+):\s*(.*)$/.exec(text) ?? /\bline (\d+)\b/.exec(text);
      if (m) return { line: Number(m[1]), message: m[2] && /^[^\s:]*:\d+:/.test(text) ? m[2] : text };
      return { message: text };
    });
}

/** `spec.templates[0].dag.tasks[1]` as keys and indexes. */
export function parseFieldPath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

/**
 * The editor line a field path points at (the deepest part of it that exists), for server messages
 * like `workflow.spec.templates[0].dag.tasks[0].template: template "x" not found`.
 */
export function lineOfFieldPath(text: string, path: string): number | undefined {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  let parts = parseFieldPath(path);
  // The server names the request's field first (`workflow.`, `template.`): the editor holds the object itself.
  const first = parts[0];
  if (typeof first === 'string' && isMap(doc.contents) && !doc.contents.has(first)) parts = parts.slice(1);
  let node: Node | undefined = doc.contents ?? undefined;
  let line: number | undefined;
  for (const part of parts) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === part);
      if (!pair) break;
      const key = pair.key as Node | null;
      if (key?.range) line = lines.linePos(key.range[0]).line;
      node = (pair.value as Node | null) ?? undefined;
    } else if (isSeq(node) && typeof part === 'number') {
      const item = node.items[part] as Node | undefined;
      if (!item) break;
      if (item.range) line = lines.linePos(item.range[0]).line;
      node = item;
    } else break;
  }
  return line;
}

/** Server problems placed on the lines their field paths point at. */
export function placeProblems(text: string, problems: Problem[]): Problem[] {
  return problems.map((p) => {
    if (p.line !== undefined) return p;
    const m = /^([A-Za-z][\w.[\]-]*): /.exec(p.message);
    const line = m?.[1] ? lineOfFieldPath(text, m[1]) : undefined;
    return line === undefined ? p : { ...p, line };
  });
}
