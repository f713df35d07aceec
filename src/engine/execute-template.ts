/**
 * Executing a template at a node name: find or create its node, resolve inputs, wrap it in a Retry
 * node when it has a retryStrategy, and hand over to the module of its template type.
 * Called top-down on every reconcile; fulfilled nodes return at once, so a call costs O(active nodes).
 */
import type { Vars } from '../expr/tags/index.js';
import type { Arguments, NodeStatus, NodeType, Template } from '../spec/types.js';
import { outputPathVars } from './artifacts/index.js';
import { type Ctx, createNode, getNodeByName, isFulfilled, mayStartWork } from './context.js';
import { admitComposite, admitMemoizedComposite, isGated, startGated } from './gates.js';
import { podNameOf } from './node-id.js';
import { resolveInputs } from './parameters.js';
import { executeRetry, retryStrategyOf } from './retry.js';
import type { SyncSpec } from './synchronization.js';
import { executeDag } from './templates/dag-template.js';
import { startData } from './templates/data-template.js';
import { startHttp } from './templates/http-template.js';
import { executeSteps } from './templates/steps-template.js';
import { executeSuspend } from './templates/suspend-template.js';
import { templateKind, templateScopeOf } from './templates.js';
import { inputVars } from './vars.js';

export interface ExecOpts {
  nodeName: string;
  displayName: string;
  /** Resolved, not yet substituted. */
  template: Template;
  /** Arguments, already substituted by the caller. */
  args?: Arguments | undefined;
  /** ID of the enclosing Steps/DAG node; '' for the root and the workflow's exit handler. */
  boundaryId: string;
  /** Part of an exit handler or hook: still runs after spec.shutdown=Stop. */
  onExit: boolean;
  /** Index of this attempt, for children of a Retry node (`{{retries}}`). */
  retryAttempt?: number;
  extraVars?: Vars;
}

const NODE_TYPE: Record<string, NodeType> = {
  container: 'Pod',
  script: 'Pod',
  containerSet: 'Pod',
  steps: 'Steps',
  dag: 'DAG',
  suspend: 'Suspend',
  http: 'HTTP',
  resource: 'Pod',
  data: 'Pod',
  unsupported: 'Pod',
};

function isPodKind(kind: string): boolean {
  return kind === 'container' || kind === 'script' || kind === 'containerSet';
}

/** The variables a template is substituted with. */
export function templateVars(ctx: Ctx, opts: ExecOpts, inputs: NodeStatus['inputs']): Vars {
  const vars: Vars = { ...ctx.globals, ...inputVars(inputs), 'node.name': opts.nodeName };
  const kind = templateKind(opts.template);
  if (isPodKind(kind)) {
    vars['pod.name'] = podNameOf(ctx.name, opts.nodeName, opts.template.name ?? '');
    outputPathVars(opts.template, vars);
  }
  if (opts.retryAttempt !== undefined) vars.retries = String(opts.retryAttempt);
  if (opts.extraVars) Object.assign(vars, opts.extraVars);
  return vars;
}

/**
 * Runs one step of the template's node. Returns undefined when the node could not be created yet
 * (parallelism, suspend, shutdown): the caller tries again on a later reconcile.
 */
export function executeTemplate(ctx: Ctx, opts: ExecOpts): NodeStatus | undefined {
  const existing = getNodeByName(ctx, opts.nodeName);
  if (existing && isFulfilled(existing)) return existing;
  const tmpl = opts.template;
  const kind = templateKind(tmpl);
  if (existing) return advance(ctx, existing, opts);

  if (!mayStartWork(ctx, opts.onExit)) return undefined;
  const isPod = isPodKind(kind);
  const parallelism = ctx.spec.parallelism;
  if (isPod && parallelism !== undefined && parallelism > 0 && ctx.index.activePods.size >= parallelism) {
    return undefined;
  }
  // spec.retryStrategy is the default for every template, as in Argo.
  const wrapInRetry = retryStrategyOf(ctx, tmpl) !== undefined && opts.retryAttempt === undefined;
  const resolved = resolveInputs(tmpl, opts.args, ctx.globals);
  const base = {
    name: opts.nodeName,
    displayName: opts.displayName,
    templateName: tmpl.name ?? '',
    templateScope: templateScopeOf(tmpl),
    boundaryID: opts.boundaryId,
  };
  if ('error' in resolved) {
    return createNode(ctx, {
      ...base,
      type: wrapInRetry ? 'Retry' : (NODE_TYPE[kind] ?? 'Pod'),
      phase: 'Error',
      message: resolved.error,
    });
  }
  if (wrapInRetry) {
    const retry = createNode(ctx, { ...base, type: 'Retry', phase: 'Running', inputs: resolved.inputs });
    return executeRetry(ctx, retry, opts);
  }
  if (kind === 'unsupported') {
    return createNode(ctx, {
      ...base,
      type: 'Pod',
      phase: 'Error',
      message: `template ${tmpl.name ?? ''}: this template type is not supported by the engine`,
    });
  }
  const leaf = isPod || kind === 'resource';
  const node = createNode(ctx, {
    ...base,
    type: NODE_TYPE[kind] ?? 'Pod',
    phase: leaf ? 'Pending' : 'Running',
    inputs: resolved.inputs,
  });
  if (leaf) return startGated(ctx, node, opts, templateVars(ctx, opts, resolved.inputs));
  if (kind === 'http') return startHttp(ctx, node, opts, templateVars(ctx, opts, resolved.inputs));
  if (kind === 'data') return startData(ctx, node, opts, templateVars(ctx, opts, resolved.inputs));
  return advance(ctx, node, opts);
}

/** Advances an existing, unfulfilled node. */
function advance(ctx: Ctx, node: NodeStatus, opts: ExecOpts): NodeStatus {
  if (node.type === 'Retry') return executeRetry(ctx, node, opts);
  const kind = templateKind(opts.template);
  const composite = kind === 'steps' || kind === 'dag';
  const memoize = opts.template.memoize;
  if (memoize && composite && node.memoizationStatus === undefined) {
    const held = admitMemoizedComposite(ctx, node, memoize, templateVars(ctx, opts, node.inputs));
    if (held) return held;
    node = ctx.nodes[node.id] ?? node;
  }
  const sync = opts.template.synchronization;
  if (sync && composite) {
    const vars = templateVars(ctx, opts, node.inputs);
    if (!admitComposite(ctx, node, sync as SyncSpec, vars)) return ctx.nodes[node.id] ?? node;
    node = ctx.nodes[node.id] ?? node;
  }
  switch (kind) {
    case 'steps':
      return executeSteps(ctx, node, opts);
    case 'dag':
      return executeDag(ctx, node, opts);
    case 'suspend':
      return executeSuspend(ctx, node, opts);
    case 'data':
      // Started when created; completes from its DataObservation (never a pod, even when memoized).
      return node;
    default:
      // Held by memoization or a lock: start once the gate opens. Otherwise pods, resources and
      // HTTP requests advance through observations.
      if (isGated(node, opts.template))
        return startGated(ctx, node, opts, templateVars(ctx, opts, node.inputs));
      return node;
  }
}
