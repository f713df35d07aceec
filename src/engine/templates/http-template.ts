/**
 * HTTP templates: an HTTP node, an httpRequest action, and the HttpObservation that completes it
 * (successCondition over response.statusCode / body / headers; outputs.result = body).
 */
import { evaluateExpr } from '../../expr/lang/index.js';
import type { Vars } from '../../expr/tags/index.js';
import type { NodeStatus, Template } from '../../spec/types.js';
import { type Ctx, markPhase, putNode } from '../context.js';
import type { ExecOpts } from '../execute-template.js';
import { substituteTemplate } from '../substitution.js';
import type { HttpObservation, HttpRequest } from '../types.js';

export function startHttp(ctx: Ctx, node: NodeStatus, opts: ExecOpts, vars: Vars): NodeStatus {
  let tmpl: Template;
  try {
    tmpl = substituteTemplate(opts.template, vars);
  } catch (err) {
    return markPhase(ctx, node.id, 'Error', (err as Error).message);
  }
  const http = tmpl.http;
  if (!http) return markPhase(ctx, node.id, 'Error', 'http template without http');
  const headers: HttpRequest['headers'] = [];
  for (const h of http.headers ?? []) {
    if (h.value === undefined)
      return markPhase(ctx, node.id, 'Error', `http header ${h.name}: valueFrom is not supported`);
    headers.push({ name: h.name, value: h.value });
  }
  const request: HttpRequest = { method: http.method ?? 'GET', url: http.url, headers };
  if (http.body !== undefined) request.body = http.body;
  if (http.timeoutSeconds !== undefined) request.timeoutSeconds = http.timeoutSeconds;
  if (http.insecureSkipVerify !== undefined) request.insecureSkipVerify = http.insecureSkipVerify;
  ctx.actions.push({ type: 'httpRequest', nodeId: node.id, request });
  return markPhase(ctx, node.id, 'Running');
}

/** Completes an HTTP node from its observation. */
export function applyHttpObservation(
  ctx: Ctx,
  node: NodeStatus,
  tmpl: Template | undefined,
  obs: HttpObservation,
): void {
  const finishedAt = ctx.now;
  if (obs.error !== undefined) {
    putNode(ctx, { ...node, phase: 'Failed', message: obs.error, finishedAt });
    return;
  }
  const statusCode = obs.statusCode ?? 0;
  const body = obs.body ?? '';
  const condition = tmpl?.http?.successCondition;
  let ok: boolean;
  let message: string | undefined;
  if (condition) {
    try {
      ok = evaluateExpr(condition, { response: { statusCode, body, headers: obs.headers ?? {} } }) === true;
      if (!ok) message = `successCondition '${condition}' evaluated false`;
    } catch (err) {
      ok = false;
      message = (err as Error).message;
    }
  } else {
    ok = statusCode >= 200 && statusCode < 300;
    if (!ok) message = `received non-2XX response code: ${statusCode}`;
  }
  const next: NodeStatus = {
    ...node,
    phase: ok ? 'Succeeded' : 'Failed',
    finishedAt,
    outputs: { result: body },
  };
  if (message) next.message = message;
  putNode(ctx, next);
}
