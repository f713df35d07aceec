/**
 * Maps a field path of a parsed document back to its 1-based source line, through the YAML AST the
 * `yaml` package keeps (node offsets) and a LineCounter (offset -> line).
 */
import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type LineCounter, type Node } from 'yaml';
import type { FieldPath } from './index.js';

/** The offset where a node starts, if the node carries a source range. */
function startOf(node: unknown): number | undefined {
  if (node && typeof node === 'object' && 'range' in node) {
    const range = (node as { range?: [number, number, number] | null }).range;
    if (range) return range[0];
  }
  return undefined;
}

function keyMatches(key: unknown, segment: string | number): boolean {
  if (isScalar(key)) return String(key.value) === String(segment);
  return false;
}

/**
 * Walks `path` through the AST and returns the offset of the deepest node found: for a map key, the
 * key itself (the line a reader looks for), for a list item, the item. Aliases are followed.
 */
export function offsetOf(doc: Document, path: FieldPath): number {
  let node: unknown = doc.contents;
  let best = startOf(node) ?? 0;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyMatches(p.key, segment));
      if (!pair) break;
      best = startOf(pair.key) ?? best;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) break;
      best = startOf(item) ?? best;
      node = item;
    } else {
      break;
    }
  }
  return best;
}

/** Builds the `lineOf` function of a SourceDocument. */
export function lineFinder(doc: Document, lines: LineCounter): (path: FieldPath) => number {
  return (path) => lines.linePos(offsetOf(doc, path)).line;
}

/** Describes an AST node for messages: "a sequence", "a string", ... */
export function describeNode(node: Node | null | undefined | unknown): string {
  if (isMap(node)) return 'an object';
  if (isSeq(node)) return 'a sequence';
  if (isAlias(node)) return 'an alias';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return 'null';
    if (typeof v === 'string') return 'a string';
    if (typeof v === 'number') return 'a number';
    if (typeof v === 'boolean') return 'a boolean';
  }
  return 'a scalar';
}
