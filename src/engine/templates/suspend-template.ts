/**
 * Suspend templates: a Suspend node that stays Running until its duration has passed (requeueAfter)
 * or until resumeWorkflow marks it Succeeded.
 */
import type { NodeStatus, Outputs, Parameter } from '../../spec/types.js';
import { type Ctx, haltMessage, markPhase, putNode, requeueAfter } from '../context.js';
import { parseDurationSeconds } from '../durations.js';
import type { ExecOpts } from '../execute-template.js';
import { templateVars } from '../execute-template.js';
import { publishGlobalOutputs } from '../parameters.js';
import { substituteText } from '../substitution.js';

/** Output parameters of a suspend template: supplied values, else valueFrom.default. */
export function suspendOutputs(
  declared: Parameter[] | undefined,
  supplied: Record<string, string>,
): Outputs | undefined {
  if (!declared || declared.length === 0) return undefined;
  const parameters: Parameter[] = [];
  for (const p of declared) {
    const value =
      supplied[p.name] ?? (p.valueFrom?.default !== undefined ? String(p.valueFrom.default) : undefined);
    if (value === undefined) continue;
    const out: Parameter = { name: p.name, value };
    if (p.globalName) out.globalName = p.globalName;
    parameters.push(out);
  }
  return parameters.length > 0 ? { parameters } : undefined;
}

export function executeSuspend(ctx: Ctx, node: NodeStatus, opts: ExecOpts): NodeStatus {
  const halt = haltMessage(ctx, opts.onExit);
  if (halt) return markPhase(ctx, node.id, 'Failed', halt);
  const raw = opts.template.suspend?.duration;
  if (raw === undefined || raw === '') return node;
  let seconds: number | undefined;
  try {
    seconds = parseDurationSeconds(substituteText(String(raw), templateVars(ctx, opts, node.inputs)));
  } catch (err) {
    return markPhase(ctx, node.id, 'Error', (err as Error).message);
  }
  if (seconds === undefined)
    return markPhase(ctx, node.id, 'Error', `invalid suspend duration '${String(raw)}'`);
  const resumeAt = Date.parse(String(node.startedAt ?? ctx.now)) + seconds * 1000;
  if (ctx.nowMs < resumeAt) {
    requeueAfter(ctx, (resumeAt - ctx.nowMs) / 1000);
    return node;
  }
  const outputs = suspendOutputs(opts.template.outputs?.parameters, {});
  if (outputs) {
    putNode(ctx, { ...node, outputs });
    publishGlobalOutputs(ctx, outputs);
  }
  return markPhase(ctx, node.id, 'Succeeded');
}
