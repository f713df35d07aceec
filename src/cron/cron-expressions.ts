/**
 * The expressions of a CronWorkflow: `when` (a `{{= }}` tag, or plain tags substituted then read as
 * an expression) and `stopStrategy.expression`, over the `cronworkflow.*` variables Argo gives them:
 * name, namespace, labels, annotations, lastScheduledTime (nil before the first run), failed, succeeded.
 */
import { ExpressionError } from '../errors/index.js';
import { evaluateExpr, evaluateExprToString, exprTime, findTags } from '../expr/index.js';
import type { CronWorkflow } from '../spec/types.js';

export function cronVariables(cron: CronWorkflow): Record<string, unknown> {
  const labels = cron.metadata.labels ?? {};
  const annotations = cron.metadata.annotations ?? {};
  const status = cron.status ?? {};
  return {
    cronworkflow: {
      name: cron.metadata.name ?? '',
      namespace: cron.metadata.namespace ?? '',
      labels: { ...labels, json: JSON.stringify(labels) },
      annotations: { ...annotations, json: JSON.stringify(annotations) },
      // A time (Go's *time.Time): `now() - cronworkflow.lastScheduledTime` is a duration.
      lastScheduledTime: lastScheduled(status.lastScheduledTime),
      failed: status.failed ?? 0,
      succeeded: status.succeeded ?? 0,
    },
  };
}

function lastScheduled(value: unknown): unknown {
  if (!value) return null;
  try {
    return exprTime(String(value));
  } catch {
    return String(value); // not RFC 3339 (edited by hand): left as text, as it was stored
  }
}

function truth(value: unknown, source: string): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new ExpressionError(`expected a boolean, got ${JSON.stringify(value)}`, source);
}

/**
 * Evaluates a condition string at `now` (what `now()` returns: the controller's clock, injected);
 * throws ExpressionError when it is malformed or not a boolean.
 */
export function evaluateCronCondition(text: string, cron: CronWorkflow, now?: Date): boolean {
  const env = cronVariables(cron);
  const options = now ? { now } : {};
  const trimmed = text.trim();
  const tags = findTags(trimmed);
  const only = tags.length === 1 ? tags[0] : undefined;
  if (only && only.kind === 'expression' && only.start === 0 && only.end === trimmed.length) {
    return truth(evaluateExpr(only.body, env, options), text);
  }
  let out = '';
  let at = 0;
  for (const tag of tags) {
    out += trimmed.slice(at, tag.start);
    out += evaluateExprToString(tag.body, env, options);
    at = tag.end;
  }
  out += trimmed.slice(at);
  return truth(evaluateExpr(out, env, options), text);
}
