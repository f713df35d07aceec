/**
 * Multi-document YAML/JSON parsing with line numbers. YAML 1.1 like Kubernetes' decoder (yes/no/on/off
 * are booleans, `<<` merge keys work), non-string keys are errors. A duplicate key keeps its last value, as Argo's
 * YAML-to-JSON conversion (sigs.k8s.io/yaml) does before its strict field decoding. Every failure is a ParseError with file, line and reason.
 */
import {
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  type YAMLError,
} from 'yaml';
import { ParseError } from '../errors/index.js';
import { type FastDocuments, fastParse } from './fast-parse.js';
import type { FieldPath, SourceDocument } from './index.js';
import { PARSE_LIMITS, tooLargeReason } from './parse-limits.js';
import { resolveValue } from './resolve-value.js';
import { describeNode, lineFinder } from './source-lines.js';
import { relaxFlowIndentation } from './yaml-compat.js';
import { YAML_OPTIONS } from './yaml11-tags.js';

function yamlReason(err: YAMLError, text: string): string {
  if (err.code === 'DUPLICATE_KEY') {
    const key = /^\s*("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^:#\n]*[^:#\s])/.exec(text.slice(err.pos[0]))?.[1];
    return key
      ? `duplicate key ${key.startsWith('"') || key.startsWith("'") ? key : JSON.stringify(key)}`
      : 'duplicate key';
  }
  if (/call stack/i.test(err.message)) return 'document is nested too deeply';
  return err.message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '').trim();
}

/**
 * Walks the AST without recursion: rejects non-string keys and nesting deeper than the limit before
 * anything recursive (yaml's toJS) runs on it.
 */
function checkTree(doc: Document, file: string, lines: LineCounter): void {
  const stack: Array<{ node: unknown; depth: number }> = [{ node: doc.contents, depth: 1 }];
  const lineAt = (node: unknown): number | undefined => {
    const range = (node as { range?: [number, number, number] | null }).range;
    return range ? lines.linePos(range[0]).line : undefined;
  };
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth > PARSE_LIMITS.maxDepth) {
      throw new ParseError(`nesting is deeper than ${PARSE_LIMITS.maxDepth} levels`, file, lineAt(node));
    }
    for (const item of node.items) {
      if (isPair(item)) {
        const key = item.key;
        const merge = isScalar(key) && typeof key.value === 'symbol';
        if (!merge && !(isScalar(key) && typeof key.value === 'string')) {
          const shown = isScalar(key) ? JSON.stringify(key.source ?? String(key.value)) : describeNode(key);
          throw new ParseError(`key ${shown} is not a string (quote it)`, file, lineAt(key));
        }
        stack.push({ node: item.value, depth: depth + 1 });
      } else {
        stack.push({ node: item, depth: depth + 1 });
      }
    }
  }
}

function stringAt(value: Record<string, unknown>, ...path: string[]): string {
  let cur: unknown = value;
  for (const key of path) {
    cur =
      cur && typeof cur === 'object' && !Array.isArray(cur)
        ? (cur as Record<string, unknown>)[key]
        : undefined;
  }
  return typeof cur === 'string' ? cur : '';
}

interface Stream {
  docs: Document[];
  lines: LineCounter;
  text: string;
}

function parseStream(text: string, file: string): Stream {
  const lines = new LineCounter();
  try {
    const docs = parseAllDocuments(text, {
      ...YAML_OPTIONS,
      prettyErrors: false,
      lineCounter: lines,
    }) as Document[];
    return { docs, lines, text };
  } catch (err) {
    if (err instanceof RangeError) throw new ParseError('document is nested too deeply', file);
    throw new ParseError(`cannot parse: ${err instanceof Error ? err.message : String(err)}`, file);
  }
}

const hasErrors = (stream: Stream): boolean => stream.docs.some((d) => d.errors.length > 0);

/** Strict parse first; on errors, once more with go-yaml's flow indentation leniency (see yaml-compat). */
function parseLenient(text: string, file: string): Stream {
  const strict = parseStream(text, file);
  if (!hasErrors(strict)) return strict;
  const relaxed = relaxFlowIndentation(text);
  if (relaxed === null) return strict;
  const retry = parseStream(relaxed, file);
  return hasErrors(retry) ? strict : retry;
}

/**
 * SourceDocuments from the fast path. Their `lineOf` parses the text with `yaml` on first use (only
 * when something is reported), once for the whole file.
 */
function fromFastPath(text: string, file: string, values: FastDocuments): SourceDocument[] {
  let stream: Stream | undefined;
  const finders = new Map<number, (path: FieldPath) => number>();
  const lineOfDocument = (index: number, path: FieldPath): number => {
    let finder = finders.get(index);
    if (!finder) {
      stream ??= parseLenient(text, file);
      const doc = stream.docs[index];
      finder = doc ? lineFinder(doc, stream.lines) : () => 1;
      finders.set(index, finder);
    }
    return finder(path);
  };
  const out: SourceDocument[] = [];
  values.forEach((value, index) => {
    if (value === null) return;
    out.push(sourceDocument(file, index, value, (path) => lineOfDocument(index, path)));
  });
  return out;
}

function sourceDocument(
  file: string,
  index: number,
  value: Record<string, unknown>,
  lineOf: (path: FieldPath) => number,
): SourceDocument {
  return {
    file,
    index,
    kind: stringAt(value, 'kind'),
    name: stringAt(value, 'metadata', 'name') || stringAt(value, 'metadata', 'generateName'),
    value,
    lineOf,
  };
}

/** Parses with `yaml` only: values, lines and every error. The reference the fast path must match. */
export function parseDocumentsSlow(text: string, file: string): SourceDocument[] {
  const { docs, lines, text: parsed } = parseLenient(text, file);
  const out: SourceDocument[] = [];
  docs.forEach((doc, index) => {
    const err = doc.errors[0];
    if (err) throw new ParseError(yamlReason(err, parsed), file, lines.linePos(err.pos[0]).line);
    const contents = doc.contents;
    if (contents === null || (isScalar(contents) && contents.value === null)) return;
    const lineOf = lineFinder(doc, lines);
    const target = isAlias(contents) ? contents.resolve(doc) : contents;
    if (!isMap(target)) {
      const what = describeNode(target);
      throw new ParseError(`document ${index + 1} is ${what}, expected an object`, file, lineOf([]));
    }
    checkTree(doc, file, lines);
    const value = resolveValue(doc, file, lineOf) as Record<string, unknown>;
    out.push(sourceDocument(file, index, value, lineOf));
  });
  return out;
}

/**
 * Parses multi-document YAML or JSON text. Throws ParseError (file, line, reason) on broken input.
 * The fast path answers for the common case; whatever it declines goes through `yaml`.
 */
export function parseDocuments(text: string, file: string): SourceDocument[] {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > PARSE_LIMITS.maxBytes) throw new ParseError(tooLargeReason(bytes), file);
  const fast = fastParse(text);
  return 'docs' in fast ? fromFastPath(text, file, fast.docs) : parseDocumentsSlow(text, file);
}
