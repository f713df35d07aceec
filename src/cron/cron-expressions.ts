/**
 * The expressions of a CronWorkflow: `when` (a `{{= }}` tag, or plain tags substituted then read as
 * an expression) and `stopStrategy.expression`, over the `cronworkflow.*` variables Argo gives them:
 * name, namespace, labels, annotations, lastScheduledTime (nil before the first run), failed, succeeded.
 */
import { ExpressionError } from '../errors/index.js';
import { evaluateExpr, evaluateExprToString, findTags } from '../expr/index.js';
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
      lastScheduledTime: status.lastScheduledTime ? String(status.lastScheduledTime) : null,
      failed: status.failed ?? 0,
      succeeded: status.succeeded ?? 0,
    },
  };
}

function truth(value: unknown, source: string): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new ExpressionError(`expected a boolean, got ${JSON.stringify(value)}`, source);
}

/** Evaluates a condition string; throws ExpressionError when it is malformed or not a boolean. */
export function evaluateCronCondition(text: string, cron: CronWorkflow): boolean {
  const env = cronVariables(cron);
  const trimmed = text.trim();
  const tags = findTags(trimmed);
  const only = tags.length === 1 ? tags[0] : undefined;
  if (only && only.kind === 'expression' && only.start === 0 && only.end === trimmed.length) {
    return truth(evaluateExpr(only.body, env), text);
  }
  let out = '';
  let at = 0;
  for (const tag of tags) {
    out += trimmed.slice(at, tag.start);
    out += evaluateExprToString(tag.body, env);
    at = tag.end;
  }
  out += trimmed.slice(at);
  return truth(evaluateExpr(out, env), text);
}
