/**
 * Substituting `{{...}}` tags in strings and in whole JSON values (templates, arguments).
 */
import { substitute, substituteDeep, type Vars } from '../expr/tags/index.js';

export type { Vars };

export function substituteText(text: string, vars: Vars, allowUnresolved = false): string {
  if (!text.includes('{{')) return text;
  return substitute(text, vars, { allowUnresolved });
}

/** Substitutes every string inside value (object keys too), returning a new value. */
export function substituteValue<T>(value: T, vars: Vars, allowUnresolved = false): T {
  return substituteDeep(value, vars, { allowUnresolved });
}

/** Whether any string in value still holds a tag. */
export function hasTags(value: unknown): boolean {
  return JSON.stringify(value ?? null).includes('{{');
}
