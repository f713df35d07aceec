/**
 * Data templates (Argo's `data:`): list the files of an artifact location (`source.artifactPaths`),
 * pass the list through `transformation` expressions in order, and publish the final value as the
 * node's `outputs.result` (JSON). Listing is I/O, so the engine only asks for it (a
 * `listArtifactPaths` action the controller carries out, whatever the runtime); the listing comes back
 * as a DataObservation carrying the substituted transformation steps, which run here (pure). The
 * node is a Pod node, as in Argo, but no pod or container is ever started for it.
 */
import { evaluateExpr } from '../../expr/lang/index.js';
import type { Vars } from '../../expr/tags/index.js';
import type { NodeStatus, Template } from '../../spec/types.js';
import { repositoryOfWorkflow } from '../artifacts/index.js';
import { type Ctx, markPhase, putNode } from '../context.js';
import type { ExecOpts } from '../execute-template.js';
import { publishGlobalOutputs, withDeclaredOutputs } from '../parameters.js';
import { substituteTemplate } from '../substitution.js';
import type { DataObservation } from '../types.js';

const LOCATION_FIELDS = ['s3', 'local', 'http', 'git', 'raw', 'gcs', 'azure', 'oss', 'hdfs', 'artifactory'];

/** A transformation step that failed: which one (0-based) and why. */
export class TransformationError extends Error {
  constructor(
    readonly index: number,
    readonly expression: string,
    readonly reason: string,
  ) {
    super(`transformation[${index}] "${expression}": ${reason}`);
    this.name = 'TransformationError';
  }
}

/**
 * Applies the steps in order; each sees the previous value as `data`. Throws TransformationError.
 * The result of the last step (or the input, with no steps) is returned as is.
 */
export function transformData(input: unknown, steps: readonly { expression?: string }[]): unknown {
  let data = input;
  steps.forEach((step, index) => {
    const expression = step.expression ?? '';
    if (expression.trim() === '') throw new TransformationError(index, expression, 'expression is empty');
    try {
      data = evaluateExpr(expression, { data });
    } catch (err) {
      throw new TransformationError(index, expression, err instanceof Error ? err.message : String(err));
    }
  });
  return data;
}

/** Substitutes the template and asks the controller to list its source. */
export function startData(ctx: Ctx, node: NodeStatus, opts: ExecOpts, vars: Vars): NodeStatus {
  let tmpl: Template;
  try {
    tmpl = substituteTemplate(opts.template, vars);
  } catch (err) {
    return markPhase(ctx, node.id, 'Error', (err as Error).message);
  }
  const source = tmpl.data?.source?.artifactPaths as Record<string, unknown> | undefined;
  if (!source) return markPhase(ctx, node.id, 'Error', 'data template has no source.artifactPaths');
  if (!LOCATION_FIELDS.some((f) => source[f] !== undefined)) {
    return markPhase(
      ctx,
      node.id,
      'Error',
      'data source artifactPaths has no location (s3, local, ...): name the place to list',
    );
  }
  const { name: _name, ...artifact } = source;
  ctx.actions.push({
    type: 'listArtifactPaths',
    nodeId: node.id,
    artifact,
    repository: repositoryOfWorkflow(ctx.wf),
    transformation: (tmpl.data?.transformation ?? []).map((t) => ({ expression: t.expression })),
  });
  return putNode(ctx, { ...node, phase: 'Running', startedAt: node.startedAt ?? ctx.now });
}

/**
 * What the controller reports: the listing (`files`, the full keys under the location), or why it
 * could not list. The transformations run here, on the list.
 */
export function applyDataObservation(ctx: Ctx, node: NodeStatus, obs: DataObservation): void {
  const finishedAt = ctx.now;
  const fail = (message: string) => putNode(ctx, { ...node, phase: 'Error', message, finishedAt });
  if (obs.error !== undefined) return void fail(obs.error);
  let result: string;
  try {
    result = JSON.stringify(transformData(obs.files ?? [], obs.transformation) ?? null);
  } catch (err) {
    return void fail((err as Error).message);
  }
  const outputs = withDeclaredOutputs(ctx.templates.get(node.templateName ?? ''), { result });
  const next: NodeStatus = { ...node, phase: 'Succeeded', finishedAt, outputs };
  putNode(ctx, next);
  publishGlobalOutputs(ctx, next.outputs);
}
