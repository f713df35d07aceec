/**
 * Turns a checked YAML AST into plain JSON-shaped data: a fresh tree (aliases expanded into copies,
 * so no two paths share an object), with the depth and value-count limits enforced on the result.
 */
import type { Document } from 'yaml';
import { ParseError } from '../errors/index.js';
import type { FieldPath } from './index.js';
import { PARSE_LIMITS } from './parse-limits.js';

interface Budget {
  values: number;
}

/** A problem found while resolving, with the path of the value that broke the limit. */
class LimitExceeded extends Error {
  constructor(
    readonly reason: string,
    readonly path: FieldPath,
  ) {
    super(reason);
  }
}

function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

function copy(value: unknown, path: FieldPath, budget: Budget): unknown {
  budget.values++;
  if (budget.values > PARSE_LIMITS.maxValues) {
    throw new LimitExceeded(
      `document has more than ${PARSE_LIMITS.maxValues} values after resolving aliases`,
      path,
    );
  }
  if (value === null || typeof value !== 'object') return value;
  if (path.length >= PARSE_LIMITS.maxDepth) {
    throw new LimitExceeded(`nesting is deeper than ${PARSE_LIMITS.maxDepth} levels`, path);
  }
  if (Array.isArray(value)) {
    return value.map((item, i) => {
      path.push(i);
      const out = copy(item, path, budget);
      path.pop();
      return out;
    });
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    path.push(key);
    setKey(out, key, copy(item, path, budget));
    path.pop();
  }
  return out;
}

/**
 * Resolves a document to plain data. Throws ParseError on alias bombs (yaml's alias budget, then our
 * value budget) and on nesting deeper than the limit.
 */
export function resolveValue(doc: Document, file: string, lineOf: (path: FieldPath) => number): unknown {
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: PARSE_LIMITS.maxAliasCount });
  } catch (err) {
    const reason =
      err instanceof ReferenceError && /alias/i.test(err.message)
        ? `aliases expand too much (more than ${PARSE_LIMITS.maxAliasCount} times the document)`
        : `cannot resolve document: ${err instanceof Error ? err.message : String(err)}`;
    throw new ParseError(reason, file, lineOf([]));
  }
  try {
    return copy(raw, [], { values: 0 });
  } catch (err) {
    if (err instanceof LimitExceeded) throw new ParseError(err.reason, file, lineOf(err.path));
    if (err instanceof RangeError) throw new ParseError('document is nested too deeply', file, lineOf([]));
    throw err;
  }
}
