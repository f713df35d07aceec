/**
 * `when:` conditions with govaluate semantics, as Argo evaluates them after tag substitution.
 * Bare words are strings (`heads == heads` is true), numbers are float64 (`1.0 == 1`), and the
 * result must be a boolean. Public entry of src/expr/when.
 */
import { ExpressionError } from '../../errors/index.js';
import { scanTags } from '../tags/find-tags.js';
import { evaluateWhenAst } from './govaluate-eval.js';
import { parseWhenExpression, type WhenNode } from './govaluate-parser.js';

export type { WhenNode } from './govaluate-parser.js';

function wrap<T>(condition: string, run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof ExpressionError) {
      if (err.source === condition) {
        throw new ExpressionError(`invalid when expression: ${err.reason}`, condition, err.position);
      }
      throw err;
    }
    if (err instanceof RangeError) throw new ExpressionError('when expression too complex', condition);
    throw err;
  }
}

/** Parses a substituted condition; throws ExpressionError on bad syntax. */
export function parseWhen(condition: string): WhenNode {
  return wrap(condition, () => parseWhenExpression(condition));
}

/** Evaluates a condition whose tags are already substituted. Throws ExpressionError on bad syntax or a non-boolean. */
export function evaluateWhen(condition: string): boolean {
  if (condition === '') return true;
  const result = wrap(condition, () => evaluateWhenAst(parseWhenExpression(condition), condition));
  if (typeof result !== 'boolean') {
    throw new ExpressionError('when expression evaluated to non-boolean', condition);
  }
  return result;
}

/**
 * The operand a tag is replaced by for a syntax check: a bare word (a string to Argo), or a digit
 * when the tag touches a number (`1{{x}}`, `{{x}}.5`) so the surrounding number stays one token.
 */
function placeholder(before: string, after: string): string {
  return /[0-9.]/.test(before) || /[0-9.]/.test(after) ? '0' : 'tag';
}

/** Syntax check only, for lint (tags may still be present: they are treated as opaque operands). */
export function checkWhen(condition: string): void {
  if (condition === '') return;
  let text = '';
  let cursor = 0;
  for (const tag of scanTags(condition)) {
    const operand = placeholder(condition.charAt(tag.start - 1), condition.charAt(tag.end));
    text += `${condition.slice(cursor, tag.start)}${operand}`;
    cursor = tag.end;
  }
  text += condition.slice(cursor);
  try {
    parseWhen(text);
  } catch (err) {
    if (err instanceof ExpressionError && err.source === text && text !== condition) {
      throw new ExpressionError(err.reason, condition);
    }
    throw err;
  }
}
