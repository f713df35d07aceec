/**
 * Expression syntax: every `{{...}}` tag is terminated, every `{{= expr}}` parses as expr-lang,
 * `when` parses (govaluate, tags allowed), and the expr-lang fields parse: hook expressions,
 * retryStrategy.expression, valueFrom.expression, fromExpression, a data template's transformation
 * expressions and CronWorkflow `when`.
 */
import { ExpressionError } from '../errors/index.js';
import { parseExpr } from '../expr/lang/index.js';
import { findTags } from '../expr/tags/index.js';
import { checkWhen } from '../expr/when/index.js';
import type { FieldPath } from '../spec/index.js';
import { asArray, asRecord, excerpt, hasTag, type Json, type Report, walkStrings } from './problem.js';
import type { Rule } from './rule.js';
import { callersOf, templatesOf } from './workflow-view.js';

function reason(err: unknown): string {
  if (err instanceof ExpressionError) {
    return err.position === undefined ? err.reason : `${err.reason} at position ${err.position}`;
  }
  return err instanceof Error ? err.message : String(err);
}

function checkTags(text: string, path: FieldPath, report: Report): void {
  if (!text.includes('{{')) return;
  let tags: ReturnType<typeof findTags>;
  try {
    tags = findTags(text);
  } catch (err) {
    report(path, `invalid tag: ${reason(err)}`);
    return;
  }
  for (const tag of tags) {
    if (tag.kind !== 'expression') continue;
    try {
      parseExpr(tag.body);
    } catch (err) {
      report(path, `invalid expression "{{=${excerpt(tag.body)}}}": ${reason(err)}`);
    }
  }
}

function checkExpr(value: unknown, path: FieldPath, what: string, report: Report): void {
  if (typeof value !== 'string' || value.trim() === '' || hasTag(value)) return;
  try {
    parseExpr(value);
  } catch (err) {
    report(path, `invalid ${what} "${excerpt(value)}": ${reason(err)}`);
  }
}

function checkHooks(hooks: unknown, path: FieldPath, report: Report): void {
  for (const [event, hook] of Object.entries(asRecord(hooks) ?? {})) {
    checkExpr(asRecord(hook)?.expression, [...path, event, 'expression'], 'hook expression', report);
  }
}

function checkOutputs(node: Json, path: FieldPath, report: Report): void {
  for (const key of ['inputs', 'outputs', 'arguments'] as const) {
    const io = asRecord(node[key]);
    if (!io) continue;
    asArray(io.parameters).forEach((p, i) => {
      const valueFrom = asRecord(asRecord(p)?.valueFrom);
      checkExpr(
        valueFrom?.expression,
        [...path, key, 'parameters', i, 'valueFrom', 'expression'],
        'expression',
        report,
      );
    });
    asArray(io.artifacts).forEach((a, i) => {
      checkExpr(
        asRecord(a)?.fromExpression,
        [...path, key, 'artifacts', i, 'fromExpression'],
        'fromExpression',
        report,
      );
    });
  }
}

/** A data template's transformation steps: each an expr-lang expression over `data`, never empty. */
function checkTransformation(tmpl: Json, path: FieldPath, report: Report): void {
  const data = asRecord(tmpl.data);
  if (!data) return;
  asArray(data.transformation).forEach((step, i) => {
    const at: FieldPath = [...path, 'data', 'transformation', i, 'expression'];
    const expression = asRecord(step)?.expression;
    if (typeof expression !== 'string' || expression.trim() === '') {
      report(at, 'a transformation step needs an expression (the current list is `data`)');
      return;
    }
    checkExpr(expression, at, 'transformation expression', report);
  });
}

export const expressionsRule: Rule = {
  id: 'expressions',
  check(ctx, report) {
    const view = ctx.view;
    if (!view) return;
    walkStrings(ctx.doc.value.spec, ['spec'], (text, path) => checkTags(text, path, report));
    if (ctx.doc.kind === 'CronWorkflow') {
      checkExpr(asRecord(ctx.doc.value.spec)?.when, ['spec', 'when'], 'when expression', report);
    }
    checkHooks(view.spec.hooks, [...view.specPath, 'hooks'], report);
    checkExpr(
      asRecord(view.spec.retryStrategy)?.expression,
      [...view.specPath, 'retryStrategy', 'expression'],
      'retryStrategy.expression',
      report,
    );
    for (const t of templatesOf(view)) {
      checkExpr(
        asRecord(t.tmpl.retryStrategy)?.expression,
        [...t.path, 'retryStrategy', 'expression'],
        'retryStrategy.expression',
        report,
      );
      checkOutputs(t.tmpl, t.path, report);
      checkTransformation(t.tmpl, t.path, report);
      for (const caller of callersOf(t)) {
        const when = caller.node.when;
        if (typeof when === 'string' && when.trim() !== '') {
          try {
            checkWhen(when);
          } catch (err) {
            report([...caller.path, 'when'], `invalid when "${excerpt(when)}": ${reason(err)}`);
          }
        }
        checkHooks(caller.node.hooks, [...caller.path, 'hooks'], report);
        checkOutputs(caller.node, caller.path, report);
      }
    }
  },
};
