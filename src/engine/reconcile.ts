/**
 * reconcile: (workflow, observations, now) -> (status, actions). The only entry into the engine's
 * decisions; everything it needs is in its input, everything it decides is in its output.
 */

import type { Workflow, WorkflowSpec, WorkflowStatus } from '../spec/types.js';
import { artifactsToCollect, repositoryOfWorkflow } from './artifacts/index.js';
import { type Ctx, isFulfilled, requeueAfter, type ShutdownStrategy } from './context.js';
import { stopEndedDaemons } from './daemons.js';
import { indexFor } from './engine-index.js';
import { executeTemplate } from './execute-template.js';
import { finishGates, takeGateObservations } from './gates.js';
import { applyObservations, handleLostPods, restartLostRequests } from './observations.js';
import { workflowLockGate } from './synchronization.js';
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
    // From the effective spec: a WorkflowTemplate's default arguments are workflow parameters too.
    globals: { ...workflowVars({ ...wf, spec }, status), 'workflow.status': 'Running' },
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
  if (input.artifactRepositoryRef && !status.artifactRepositoryRef)
    status.artifactRepositoryRef = input.artifactRepositoryRef as WorkflowStatus['artifactRepositoryRef'];
  const ctx = newContext(input, status);
  const observations = takeGateObservations(ctx, input.observations);
  if (!admitWorkflow(ctx)) return result(ctx);
  if (!status.phase || status.phase === 'Pending') {
    status.phase = 'Running';
    status.startedAt = status.startedAt ?? input.now;
  }
  applyObservations(ctx, observations);
  handleLostPods(ctx, input.lostPods ?? [], input.lostPodPolicy);
  if (input.lostPods !== undefined) restartLostRequests(ctx);
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
  if (root && isFulfilled(root) && runWorkflowExitHandler(ctx) && hooksDone) {
    completeWorkflow(ctx, root);
    collectArtifactsOnCompletion(ctx);
  }
  return result(ctx);
}

/** Workflow-level synchronization: false while the workflow waits for its locks (or errored on them). */
function admitWorkflow(ctx: Ctx): boolean {
  const gate = workflowLockGate(ctx);
  if (gate.state === 'go') return true;
  if (gate.state === 'error' || ctx.shutdown !== '') {
    ctx.status.phase = gate.state === 'error' ? 'Error' : 'Failed';
    ctx.status.message =
      gate.state === 'error' ? gate.message : `workflow shutdown with strategy:  ${ctx.shutdown}`;
    ctx.status.finishedAt = ctx.now;
    ctx.actions = [];
  }
  return false;
}

/** artifactGC OnWorkflowCompletion: one action listing the artifacts to delete, emitted once. */
function collectArtifactsOnCompletion(ctx: Ctx): void {
  const artifacts = artifactsToCollect(ctx.spec, ctx.nodes, ctx.templates, 'OnWorkflowCompletion');
  if (artifacts.length === 0) return;
  ctx.actions.push({ type: 'deleteArtifacts', repository: repositoryOfWorkflow(ctx.wf), artifacts });
}

function result(ctx: Ctx): ReconcileResult {
  finishGates(ctx);
  stopEndedDaemons(ctx);
  ctx.status.progress = `${ctx.index.leafSucceeded}/${ctx.index.leafTotal}`;
  if (ctx.requeueSeconds !== undefined && !DONE.has(ctx.status.phase ?? '')) {
    ctx.actions.push({ type: 'requeueAfter', seconds: ctx.requeueSeconds });
  }
  return { status: ctx.status, actions: ctx.actions, changedNodeIds: [...ctx.changed] };
}
