/**
 * `{{ x }}` and `{{= expr }}` tags. CONTRACT STUB — implemented by the tags work package.
 */
import { ExpressionError } from '../../errors/index.js';

export interface Tag {
  kind: 'simple' | 'expression';
  /** Text between the braces, trimmed, without the leading `=` for expressions. */
  body: string;
  /** Offsets of `{{` and one past `}}` in the text. */
  start: number;
  end: number;
}

/** Flat variable map, as Argo builds it: `inputs.parameters.x` -> value. */
export type Vars = Record<string, string>;

export interface SubstituteOptions {
  /** Leave tags whose variables are missing as they are (Argo does this in several passes). Default false. */
  allowUnresolved?: boolean;
}

/** Finds all tags in text; throws ExpressionError for an unterminated `{{`. */
export function findTags(text: string): Tag[] {
  throw new ExpressionError('tags not implemented yet', text);
}

/** Replaces every tag; throws ExpressionError naming the tag when a variable is missing (unless allowUnresolved). */
export function substitute(text: string, vars: Vars, options?: SubstituteOptions): string {
  void vars;
  void options;
  throw new ExpressionError('tags not implemented yet', text);
}
