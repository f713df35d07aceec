/**
 * Retry and timing fields: retryStrategy (limit, retryPolicy, backoff), template timeout,
 * activeDeadlineSeconds, suspend.duration and parallelism. Values holding a tag are resolved at run
 * time and are not checked.
 */
import type { FieldPath } from '../spec/index.js';
import { isDurationOrSeconds, isGoDuration, isNonNegativeInt } from './duration-syntax.js';
import { asRecord, hasTag, type Json, type Report, show } from './problem.js';
import type { Rule } from './rule.js';
import { templatesOf } from './workflow-view.js';

function checkRetry(value: unknown, path: FieldPath, report: Report): void {
  const retry = asRecord(value);
  if (!retry) return;
  const limit = retry.limit;
  if (limit !== undefined && limit !== null && !hasTag(limit) && !isNonNegativeInt(limit)) {
    report([...path, 'limit'], `retryStrategy.limit must be a non-negative integer, got ${show(limit)}`);
  }
  // retryPolicy (Always, OnFailure, OnError, OnTransientError) is an enum of the schema rule.
  const backoff = asRecord(retry.backoff);
  if (!backoff) return;
  for (const key of ['duration', 'maxDuration'] as const) {
    const duration = backoff[key];
    if (duration !== undefined && !hasTag(duration) && !isDurationOrSeconds(duration)) {
      report(
        [...path, 'backoff', key],
        `invalid backoff.${key} ${show(duration)}: use a duration such as "30s" or "1m30s", or whole seconds`,
      );
    }
  }
  const factor = backoff.factor;
  if (factor !== undefined && !hasTag(factor)) {
    const number = typeof factor === 'string' ? Number(factor) : factor;
    if (typeof number !== 'number' || !Number.isFinite(number) || number <= 0 || factor === '') {
      report([...path, 'backoff', 'factor'], `backoff.factor must be a positive number, got ${show(factor)}`);
    }
  }
}

function checkDeadline(value: unknown, path: FieldPath, report: Report): void {
  if (value === undefined || value === null || hasTag(value) || isNonNegativeInt(value)) return;
  report(path, `activeDeadlineSeconds must be a non-negative whole number of seconds, got ${show(value)}`);
}

function checkParallelism(value: unknown, path: FieldPath, report: Report): void {
  if (value === undefined || value === null || hasTag(value) || isNonNegativeInt(value)) return;
  report(path, `parallelism must be a non-negative integer, got ${show(value)}`);
}

function checkTemplate(tmpl: Json, path: FieldPath, report: Report): void {
  checkRetry(tmpl.retryStrategy, [...path, 'retryStrategy'], report);
  const timeout = tmpl.timeout;
  if (typeof timeout === 'string' && timeout !== '' && !hasTag(timeout) && !isGoDuration(timeout)) {
    report(
      [...path, 'timeout'],
      `invalid timeout "${timeout}": use a duration such as "30s", "5m" or "1h30m"`,
    );
  } else if (typeof timeout === 'number') {
    report([...path, 'timeout'], `invalid timeout ${timeout}: use a duration such as "${timeout}s"`);
  }
  checkDeadline(tmpl.activeDeadlineSeconds, [...path, 'activeDeadlineSeconds'], report);
  checkParallelism(tmpl.parallelism, [...path, 'parallelism'], report);
  const suspend = asRecord(tmpl.suspend);
  const duration = suspend?.duration;
  if (duration !== undefined && duration !== '' && !hasTag(duration) && !isDurationOrSeconds(duration)) {
    report(
      [...path, 'suspend', 'duration'],
      `invalid suspend.duration ${show(duration)}: use a duration such as "30s" or "2m", or whole seconds`,
    );
  }
}

export const timingRule: Rule = {
  id: 'timing',
  check(ctx, report) {
    const view = ctx.view;
    if (!view) return;
    const { spec, specPath } = view;
    checkRetry(spec.retryStrategy, [...specPath, 'retryStrategy'], report);
    checkDeadline(spec.activeDeadlineSeconds, [...specPath, 'activeDeadlineSeconds'], report);
    checkParallelism(spec.parallelism, [...specPath, 'parallelism'], report);
    const defaults = asRecord(spec.templateDefaults);
    if (defaults) checkTemplate(defaults, [...specPath, 'templateDefaults'], report);
    for (const t of templatesOf(view)) checkTemplate(t.tmpl, t.path, report);
  },
};
