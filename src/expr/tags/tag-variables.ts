/** The variable names a text's tags refer to, for lint. */
import { exprVariablePaths } from '../lang/index.js';
import { scanTags } from './find-tags.js';

/**
 * Simple tags give their trimmed name; expression tags give every dotted variable path the
 * expression reads. Names are listed once, in order of first appearance. Throws ExpressionError
 * for an unterminated tag or an expression that does not parse.
 */
export function tagVariables(text: string): string[] {
  const names = new Set<string>();
  for (const tag of scanTags(text)) {
    if (tag.kind === 'simple') {
      names.add(tag.raw.trim());
    } else {
      for (const path of exprVariablePaths(tag.raw.slice(1))) names.add(path.join('.'));
    }
  }
  return [...names];
}
