/**
 * The expression environment of an event (Argo's docs/events.md): `payload` (the JSON body),
 * `metadata` (the request's headers, lower-case names, each a list of values) and `discriminator`
 * (the last segment of the event URL).
 */
import { ExpressionError } from '../errors/index.js';
import { evaluateExpr, parseExpr } from '../expr/index.js';

export interface EventInput {
  payload: unknown;
  metadata: Record<string, string[]>;
  discriminator: string;
}

export function eventEnv(event: EventInput): Record<string, unknown> {
  return { payload: event.payload ?? null, metadata: event.metadata, discriminator: event.discriminator };
}

/** A selector's verdict; ExpressionError when it does not parse, fails, or is not a boolean. */
export function selects(selector: string, event: EventInput): boolean {
  const value = evaluateExpr(selector, eventEnv(event));
  if (typeof value !== 'boolean') {
    throw new ExpressionError(`selector must evaluate to a boolean, got ${JSON.stringify(value)}`, selector);
  }
  return value;
}

/** A `valueFrom.event` expression's value as a parameter: strings as they are, anything else as JSON. */
export function eventValue(expression: string, event: EventInput): string {
  const value = evaluateExpr(expression, eventEnv(event));
  return typeof value === 'string' ? value : JSON.stringify(value ?? null);
}

/** The parse error of an expression, or undefined. */
export function expressionProblem(source: string): string | undefined {
  try {
    parseExpr(source);
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}
