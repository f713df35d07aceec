/**
 * reconcile: (workflow, observations, now) -> (status, actions). The only entry into the engine's
 * decisions; everything it needs is in its input, everything it decides is in its output.
 */
import type { Workflow, WorkflowSpec, WorkflowStatus } from '../spec/types.js';
import { type Ctx, isFulfilled, requeueAfter, type ShutdownStrategy } from './context.js';
import { indexFor } from './engine-index.js';
import { executeTemplate } from './execute-template.js';
import { applyObservations, handleLostPods } from './observations.js';
import { resolveTemplate, templateMap } from './templates.js';
import type { ReconcileInput, ReconcileResult } from './types.js';
import { workflowVars } from './vars.js';
import {
  completeWorkflow,
  failuresJson,
  haltRunningWork,
  runWorkflowExitHandler,
  runWorkflowHooks,
} from './workflow-lifecycle.js';

const DONE = new Set(['Succeeded', 'Failed', 'Error']);

/** The spec to run: the workflow's own, over the stored WorkflowTemplate spec when workflowTemplateRef is used. */
export function effectiveSpec(wf: Workflow): WorkflowSpec {
  const spec = wf.spec ?? {};
  const stored = wf.status?.storedWorkflowTemplateSpec;
  if (!spec.workflowTemplateRef || !stored) return spec;
  const merged: WorkflowSpec = { ...stored };
  for (const [k, v] of Object.entries(spec)) if (v !== undefined) (merged as Record<string, unknown>)[k] = v;
  const params = new Map((stored.arguments?.parameters ?? []).map((p) => [p.name, p]));
  for (const p of spec.arguments?.parameters ?? []) params.set(p.name, p);
  merged.arguments = { ...stored.arguments, ...spec.arguments, parameters: [...params.values()] };
  merged.templates = [...(stored.templates ?? []), ...(spec.templates ?? [])];
  return merged;
}

function newContext(input: ReconcileInput, status: WorkflowStatus): Ctx {
  const wf = input.workflow;
  const spec = effectiveSpec(wf);
  const nodes = status.nodes ?? {};
  status.nodes = nodes;
  const nowMs = Date.parse(input.now);
  return {
    wf,
    name: wf.metadata?.name ?? '',
    spec,
    status,
    nodes,
    now: input.now,
    nowMs,
    actions: [],
    changed: new Set(),
    index: indexFor(nodes),
    templates: templateMap(spec),
    globals: { ...workflowVars(wf, status), 'workflow.status': 'Running' },
    shutdown: (spec.shutdown ?? '') as ShutdownStrategy,
    deadlineExceeded: false,
    suspended: spec.suspend === true,
  };
}

function checkDeadline(ctx: Ctx): void {
  const ads = ctx.spec.activeDeadlineSeconds;
  if (ads === undefined || !ctx.status.startedAt) return;
  const end = Date.parse(String(ctx.status.startedAt)) + ads * 1000;
  if (ctx.nowMs >= end) ctx.deadlineExceeded = true;
  else requeueAfter(ctx, (end - ctx.nowMs) / 1000);
}

export function reconcile(input: ReconcileInput): ReconcileResult {
  const wf = input.workflow;
  const status: WorkflowStatus = wf.status ?? {};
  wf.status = status;
  if (DONE.has(status.phase ?? '')) return { status, actions: [], changedNodeIds: [] };
  const ctx = newContext(input, status);
  if (!status.phase || status.phase === 'Pending') {
    status.phase = 'Running';
    status.startedAt = status.startedAt ?? input.now;
  }
  applyObservations(ctx, input.observations);
  handleLostPods(ctx, input.lostPods ?? [], input.lostPodPolicy);
  checkDeadline(ctx);
  if (ctx.shutdown !== '' || ctx.deadlineExceeded) haltRunningWork(ctx);

  const entry = resolveTemplate(ctx.templates, ctx.spec, status, { template: ctx.spec.entrypoint ?? '' });
  if (typeof entry === 'string') {
    status.phase = 'Error';
    status.message = `spec.entrypoint: ${entry}`;
    status.finishedAt = input.now;
    return result(ctx);
  }
  const root = executeTemplate(ctx, {
    nodeName: ctx.name,
    displayName: ctx.name,
    template: entry,
    args: ctx.spec.arguments,
    boundaryId: '',
    onExit: false,
  });
  if (root && isFulfilled(root)) {
    ctx.globals['workflow.status'] = root.phase === 'Skipped' ? 'Succeeded' : (root.phase ?? '');
    ctx.globals['workflow.failures'] = failuresJson(ctx);
  }
  const duration = (ctx.nowMs - Date.parse(String(status.startedAt ?? input.now))) / 1000;
  ctx.globals['workflow.duration'] = String(Math.max(0, duration));
  const hooksDone = runWorkflowHooks(ctx);
  if (root && isFulfilled(root) && runWorkflowExitHandler(ctx) && hooksDone) completeWorkflow(ctx, root);
  return result(ctx);
}

function result(ctx: Ctx): ReconcileResult {
  ctx.status.progress = `${ctx.index.leafSucceeded}/${ctx.index.leafTotal}`;
  if (ctx.requeueSeconds !== undefined && !DONE.has(ctx.status.phase ?? '')) {
    ctx.actions.push({ type: 'requeueAfter', seconds: ctx.requeueSeconds });
  }
  return { status: ctx.status, actions: ctx.actions, changedNodeIds: [...ctx.changed] };
}
