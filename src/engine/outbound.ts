/**
 * Outbound nodes (the leaves a following step/task hangs from) and the resolved-template cache of
 * Steps/DAG nodes.
 */
import type { Template } from '../spec/types.js';
import type { Ctx } from './context.js';
import { type ExecOpts, templateVars } from './execute-template.js';
import { substituteValue } from './substitution.js';

const LEAF_TYPES = new Set(['Pod', 'Skipped', 'Suspend', 'HTTP', 'Plugin', 'Container']);

/** Argo's getOutboundNodes. */
export function outboundNodes(ctx: Ctx, id: string): string[] {
  const node = ctx.nodes[id];
  if (!node) return [];
  if (LEAF_TYPES.has(node.type)) return [id];
  const children = node.children ?? [];
  if (node.type === 'TaskGroup' && children.length === 0) return [id];
  if (node.type === 'Retry') {
    const last = children.at(-1);
    return last ? outboundNodes(ctx, last) : [id];
  }
  if (node.type === 'StepGroup' || node.type === 'TaskGroup')
    return children.flatMap((c) => outboundNodes(ctx, c));
  const out = (node.outboundNodes ?? []).flatMap((o) => outboundNodes(ctx, o));
  return out.length > 0 ? out : [id];
}

/** The Steps/DAG template substituted with its inputs (inner `steps.*`/`tasks.*` tags left for later). */
export function resolvedTemplate(ctx: Ctx, nodeId: string, opts: ExecOpts): Template {
  const cached = ctx.index.resolved.get(nodeId) as Template | undefined;
  if (cached) return cached;
  const node = ctx.nodes[nodeId];
  const tmpl = substituteValue(opts.template, templateVars(ctx, opts, node?.inputs), true);
  ctx.index.resolved.set(nodeId, tmpl);
  return tmpl;
}
