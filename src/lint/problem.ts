/**
 * The shape of a lint finding and the small helpers every rule uses to read untyped YAML safely.
 */
import type { FieldPath, SourceDocument } from '../spec/index.js';

/** One finding: where it is (file, line, document, field) and why it is wrong. */
export interface LintProblem {
  file: string;
  /** 1-based line of the offending field. */
  line: number;
  /** Document kind, or '-' when the file could not be parsed. */
  kind: string;
  /** metadata.name (or generateName), or '-' when absent. */
  name: string;
  /** Formatted field path (`spec.templates[0].dag.tasks[1].depends`), or '-' for the whole file. */
  path: string;
  message: string;
}

export interface LintReport {
  problems: LintProblem[];
  /** Number of documents linted (every kind, including ones no rule applies to). */
  documents: number;
}

/** Called by a rule for each problem, with the path of the offending field. */
export type Report = (path: FieldPath, message: string) => void;

export type Json = Record<string, unknown>;

export function asRecord(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A non-empty string, or undefined. */
export function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** True when the value contains an Argo tag, so its final value is only known at run time. */
export function hasTag(value: unknown): boolean {
  return typeof value === 'string' && value.includes('{{');
}

/** Quotes a value for a message: strings in double quotes, anything else as JSON. */
export function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
}

/** Source text for a message: on one line, and cut to 80 characters. */
export function excerpt(text: string): string {
  const flat = text.replace(/\s*\n\s*/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat;
}

/** Walks every string under value, calling visit with its path. */
export function walkStrings(
  value: unknown,
  path: FieldPath,
  visit: (text: string, path: FieldPath) => void,
): void {
  if (typeof value === 'string') {
    visit(value, path);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => {
      walkStrings(item, [...path, i], visit);
    });
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) walkStrings(item, [...path, key], visit);
  }
}

export function problemAt(
  doc: SourceDocument,
  path: FieldPath,
  pathText: string,
  message: string,
): LintProblem {
  return {
    file: doc.file,
    line: doc.lineOf(path),
    kind: doc.kind || '-',
    name: doc.name || '-',
    path: pathText || '-',
    message,
  };
}
