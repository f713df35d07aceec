/**
 * Resource templates: the engine substitutes the template and emits a `resourceRequest`; the
 * controller carries out the action on the store, waits for successCondition / failureCondition
 * and reports a ResourceObservation that completes the node (with jsonPath output parameters).
 */
import type { Vars } from '../../expr/tags/index.js';
import type { Artifact, NodeStatus, Template } from '../../spec/types.js';
import { type Ctx, markPhase, putNode } from '../context.js';
import type { ExecOpts } from '../execute-template.js';
import type { ResourceObservation, ResourceRequest } from '../gate-types.js';
import { publishGlobalOutputs, withDeclaredOutputs } from '../parameters.js';
import { substituteTemplate } from '../substitution.js';

export function startResource(ctx: Ctx, node: NodeStatus, opts: ExecOpts, vars: Vars): NodeStatus {
  let tmpl: Template;
  try {
    tmpl = substituteTemplate(opts.template, vars);
  } catch (err) {
    return markPhase(ctx, node.id, 'Error', (err as Error).message);
  }
  const r = tmpl.resource;
  if (!r) return markPhase(ctx, node.id, 'Error', 'resource template without resource');
  let manifestArtifact: Artifact | undefined;
  if (r.manifestFrom) {
    const name = r.manifestFrom.artifact?.name ?? '';
    // The input as resolved for this node (its `from`, raw data or location), as Argo's executor reads it.
    manifestArtifact = node.inputs?.artifacts?.find((a) => a.name === name);
    if (!manifestArtifact) {
      return markPhase(ctx, node.id, 'Error', `manifestFrom artifact "${name}" not found in template inputs`);
    }
  }
  const request: ResourceRequest = {
    action: r.action,
    flags: [...(r.flags ?? [])],
    setOwnerReference: r.setOwnerReference === true,
    owner: {
      namespace: ctx.wf.metadata?.namespace ?? 'default',
      name: ctx.name,
      uid: ctx.wf.metadata?.uid ?? '',
    },
    outputs: (tmpl.outputs?.parameters ?? [])
      .filter((p) => p.valueFrom?.jsonPath !== undefined || p.valueFrom?.jqFilter !== undefined)
      .map((p) => {
        const out: ResourceRequest['outputs'][number] = { name: p.name };
        if (p.valueFrom?.jsonPath !== undefined) out.jsonPath = p.valueFrom.jsonPath;
        if (p.valueFrom?.jqFilter !== undefined) out.jqFilter = p.valueFrom.jqFilter;
        if (p.valueFrom?.default !== undefined) out.default = String(p.valueFrom.default);
        return out;
      }),
  };
  if (r.manifest !== undefined) request.manifest = r.manifest;
  if (manifestArtifact) request.manifestArtifact = manifestArtifact;
  if (r.mergeStrategy !== undefined) request.mergeStrategy = r.mergeStrategy;
  if (r.successCondition) request.successCondition = r.successCondition;
  if (r.failureCondition) request.failureCondition = r.failureCondition;
  ctx.actions.push({ type: 'resourceRequest', nodeId: node.id, request });
  return markPhase(ctx, node.id, 'Running');
}

/** Completes a resource node from the controller's report. */
export function applyResourceObservation(ctx: Ctx, node: NodeStatus, obs: ResourceObservation): void {
  const next: NodeStatus = { ...node, phase: obs.phase, finishedAt: ctx.now };
  if (obs.message) next.message = obs.message;
  if (obs.outputs)
    next.outputs = withDeclaredOutputs(ctx.templates.get(node.templateName ?? ''), obs.outputs);
  putNode(ctx, next);
  if (obs.phase === 'Succeeded') publishGlobalOutputs(ctx, next.outputs);
}
