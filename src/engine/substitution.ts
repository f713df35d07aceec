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

/**
 * Substitutes a template for running it. `metrics` is left out: its tags (`{{status}}`,
 * `{{duration}}`, `{{exitCode}}`...) are only known once the node completes, and the engine emits none.
 */
export function substituteTemplate<T extends { metrics?: unknown }>(tmpl: T, vars: Vars): T {
  if (tmpl.metrics === undefined) return substituteValue(tmpl, vars);
  const { metrics, ...rest } = tmpl;
  return { ...substituteValue(rest, vars), metrics } as T;
}

/** Whether any string in value still holds a tag. */
export function hasTags(value: unknown): boolean {
  return JSON.stringify(value ?? null).includes('{{');
}
