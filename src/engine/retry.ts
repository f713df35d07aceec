/**
 * retryStrategy: a Retry node whose children `name(0)`, `name(1)`, ... are the attempts.
 * limit, retryPolicy (OnFailure default, OnError, OnTransientError, Always), expression over
 * `lastRetry.*`, and backoff (duration, factor, maxDuration) through requeueAfter.
 */
import { evaluateExpr } from '../expr/lang/index.js';
import type { NodeStatus, RetryStrategy, Template } from '../spec/types.js';
import {
  addChild,
  type Ctx,
  getNode,
  isFulfilled,
  isSuccessful,
  markPhase,
  putNode,
  requeueAfter,
} from './context.js';
import { intOrString, parseDurationSeconds } from './durations.js';
import { type ExecOpts, executeTemplate } from './execute-template.js';
import { substituteText } from './substitution.js';
import { inputVars } from './vars.js';

const TRANSIENT =
  /(connection refused|connection reset|i\/o timeout|TLS handshake timeout|EOF|pod deleted|transient)/i;

function retryAllowed(strategy: RetryStrategy, last: NodeStatus): boolean {
  const policy = strategy.retryPolicy ?? 'OnFailure';
  const failed = last.phase === 'Failed';
  const errored = last.phase === 'Error';
  switch (policy) {
    case 'Always':
      return failed || errored;
    case 'OnError':
      return errored;
    case 'OnTransientError':
      return (failed || errored) && TRANSIENT.test(last.message ?? '');
    default:
      return failed;
  }
}

function expressionAllows(ctx: Ctx, strategy: RetryStrategy, retry: NodeStatus, last: NodeStatus): boolean {
  if (!strategy.expression) return true;
  const started = Date.parse(String(last.startedAt ?? ctx.now));
  const finished = Date.parse(String(last.finishedAt ?? ctx.now));
  const env = {
    lastRetry: {
      exitCode: last.outputs?.exitCode ?? '-1',
      status: last.phase ?? '',
      duration: String(Math.max(0, (finished - started) / 1000)),
      message: last.message ?? '',
    },
  };
  // The template's own tags (`{{inputs.parameters.x}}`) are substituted first, as Argo does.
  const source = substituteText(strategy.expression, { ...ctx.globals, ...inputVars(retry.inputs) }, true);
  return evaluateExpr(source, env) === true;
}

/** Seconds still to wait before the next attempt (0 = now), or a message when the backoff gives up. */
function backoffWait(
  ctx: Ctx,
  strategy: RetryStrategy,
  children: NodeStatus[],
  last: NodeStatus,
): number | string {
  const backoff = strategy.backoff;
  const base = parseDurationSeconds(backoff?.duration);
  if (!backoff || base === undefined) return 0;
  const factor = intOrString(backoff.factor) ?? 1;
  let wait = base * factor ** Math.max(0, children.length - 1);
  const cap = parseDurationSeconds(backoff.cap);
  if (cap !== undefined) wait = Math.min(wait, cap);
  const lastEnd = Date.parse(String(last.finishedAt ?? ctx.now));
  const maxDuration = parseDurationSeconds(backoff.maxDuration);
  const first = children[0];
  if (maxDuration !== undefined && first) {
    const firstStart = Date.parse(String(first.startedAt ?? ctx.now));
    if (lastEnd + wait * 1000 - firstStart > maxDuration * 1000) return 'Max duration limit exceeded';
  }
  const remaining = (lastEnd + wait * 1000 - ctx.nowMs) / 1000;
  return Math.max(remaining, 0);
}

/**
 * The arguments of every attempt. Callers pass arguments only when they create the Retry node; later
 * attempts take them from the inputs the Retry node resolved then.
 */
function attemptArgs(retry: NodeStatus, opts: ExecOpts): ExecOpts['args'] {
  if (opts.args || !retry.inputs) return opts.args;
  const { parameters, artifacts } = retry.inputs;
  return {
    ...(parameters ? { parameters: parameters.map((p) => ({ ...p })) } : {}),
    ...(artifacts ? { artifacts } : {}),
  };
}

function attempt(ctx: Ctx, retry: NodeStatus, opts: ExecOpts, index: number): NodeStatus | undefined {
  const child = executeTemplate(ctx, {
    ...opts,
    args: attemptArgs(retry, opts),
    nodeName: `${retry.name}(${index})`,
    displayName: `${opts.displayName}(${index})`,
    retryAttempt: index,
  });
  if (child) addChild(ctx, retry.id, child.id);
  return child;
}

function finish(
  ctx: Ctx,
  retry: NodeStatus,
  last: NodeStatus,
  phase: 'Succeeded' | 'Failed' | 'Error',
  message?: string,
) {
  const current = getNode(ctx, retry.id) ?? retry;
  const next: NodeStatus = { ...current, phase, finishedAt: ctx.now };
  if (last.outputs) next.outputs = last.outputs;
  const text = message ?? last.message;
  if (text) next.message = text;
  else delete next.message;
  return putNode(ctx, next);
}

export function executeRetry(ctx: Ctx, retry: NodeStatus, opts: ExecOpts): NodeStatus {
  const strategy = retryStrategyOf(ctx, opts.template) ?? {};
  const childIds = getNode(ctx, retry.id)?.children ?? [];
  const children = childIds.map((id) => getNode(ctx, id)).filter((n): n is NodeStatus => n !== undefined);
  let last = children.at(-1);
  if (last === undefined) {
    attempt(ctx, retry, opts, 0);
    return getNode(ctx, retry.id) ?? retry;
  }
  if (!isFulfilled(last)) {
    last = attempt(ctx, retry, opts, children.length - 1) ?? last;
    if (!isFulfilled(last)) return getNode(ctx, retry.id) ?? retry;
  }
  if (isSuccessful(last)) return finish(ctx, retry, last, 'Succeeded', '');
  const phase = last.phase === 'Error' ? 'Error' : 'Failed';
  if (ctx.shutdown !== '' || ctx.deadlineExceeded || !retryAllowed(strategy, last)) {
    return finish(ctx, retry, last, phase);
  }
  const limit = intOrString(strategy.limit);
  if (limit !== undefined && children.length > limit)
    return finish(ctx, retry, last, phase, 'No more retries left');
  let allowed: boolean;
  try {
    allowed = expressionAllows(ctx, strategy, retry, last);
  } catch (err) {
    return finish(ctx, retry, last, 'Error', (err as Error).message);
  }
  if (!allowed) return finish(ctx, retry, last, phase, 'retryStrategy.expression evaluated to false');
  const wait = backoffWait(ctx, strategy, children, last);
  if (typeof wait === 'string') return finish(ctx, retry, last, phase, wait);
  if (wait > 0) {
    requeueAfter(ctx, wait);
    const message = `Backoff for ${Math.ceil(wait)} seconds`;
    return markPhase(ctx, retry.id, 'Running', message);
  }
  attempt(ctx, retry, opts, children.length);
  const current = getNode(ctx, retry.id) ?? retry;
  if (!current.message) return current;
  const { message: _, ...rest } = current;
  return putNode(ctx, rest);
}

/** The template's retryStrategy, else the workflow's spec.retryStrategy (Argo's default for all templates). */
export function retryStrategyOf(ctx: Ctx, template: Template): RetryStrategy | undefined {
  return template.retryStrategy ?? ctx.spec.retryStrategy;
}
