/**
 * spec/: resource types, parsing with line numbers, schema validation, defaulting.
 * CONTRACT STUB — the parse/validate functions are implemented by the spec work package.
 */
import { ParseError } from '../errors/index.js';

export * from './types.js';

export type FieldPath = Array<string | number>;

/** One YAML/JSON document of a file, with a way back to its source lines. */
export interface SourceDocument {
  file: string;
  /** 0-based index of the document in its file. */
  index: number;
  /** `kind` and `metadata.name` (or generateName) as written, '' when absent. */
  kind: string;
  name: string;
  value: Record<string, unknown>;
  /** 1-based line of the node at path, or of its nearest existing ancestor. */
  lineOf(path: FieldPath): number;
}

/** A schema problem: path into the document and reason. */
export interface SchemaIssue {
  path: FieldPath;
  message: string;
}

/** Parses multi-document YAML or JSON text. Throws ParseError (file, line, reason) on broken input. */
export function parseDocuments(text: string, file: string): SourceDocument[] {
  void text;
  throw new ParseError('spec not implemented yet', file);
}

/** Formats a path as Argo/kubectl do: `spec.templates[0].dag.tasks[2].name`. */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out;
}
