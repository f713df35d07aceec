/**
 * Finding `{{ ... }}` tags the way Argo's template engine (fasttemplate) does: a tag starts at a
 * `{{` and ends at the FIRST `}}` after it, so `{{a{{b}}` is one tag with the raw text `a{{b`.
 * A `{{` with no `}}` after it is an error for the whole text, as in Argo.
 */
import { ExpressionError } from '../../errors/index.js';
import type { Tag } from './tag-types.js';

/** A tag plus its raw inner text (untrimmed), which Argo uses for lookups and verbatim output. */
export interface RawTag extends Tag {
  raw: string;
}

/** Scans text for tags; throws ExpressionError at the first unterminated `{{`. */
export function scanTags(text: string): RawTag[] {
  const tags: RawTag[] = [];
  let cursor = 0;
  for (;;) {
    const start = text.indexOf('{{', cursor);
    if (start < 0) return tags;
    const close = text.indexOf('}}', start + 2);
    if (close < 0) {
      throw new ExpressionError('unterminated tag: "{{" without a closing "}}"', text, start);
    }
    const raw = text.slice(start + 2, close);
    const isExpression = raw.startsWith('=');
    tags.push({
      kind: isExpression ? 'expression' : 'simple',
      body: (isExpression ? raw.slice(1) : raw).trim(),
      start,
      end: close + 2,
      raw,
    });
    cursor = close + 2;
  }
}

/** Finds all tags in text; throws ExpressionError for an unterminated `{{`. */
export function findTags(text: string): Tag[] {
  return scanTags(text).map(({ kind, body, start, end }) => ({ kind, body, start, end }));
}

/** True when the text contains at least one `{{` (cheap pre-check before scanning). */
export function hasTags(text: string): boolean {
  return text.includes('{{');
}
