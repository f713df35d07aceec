/**
 * `argo retry`: failed and errored nodes are reset so they run again; succeeded nodes are kept
 * (unless restartSuccessful and they match nodeFieldSelector). The workflow goes back to Running.
 */
import type { NodeStatus, Workflow } from '../../spec/types.js';
import { matchesFieldSelector } from './workflow-operations.js';

export interface RetryOptions {
  restartSuccessful?: boolean;
  nodeFieldSelector?: string;
}

const LEAF = new Set(['Pod', 'Skipped', 'Suspend', 'HTTP', 'Container']);

export function retryWorkflow(wf: Workflow, options: RetryOptions = {}): Workflow {
  const out = structuredClone(wf);
  const status = out.status ?? {};
  const nodes = status.nodes ?? {};
  const name = out.metadata?.name ?? '';
  const removed = new Set<string>();
  const reset = new Set<string>();
  for (const node of Object.values(nodes)) {
    const exit =
      node.name.startsWith(`${name}.onExit`) ||
      node.name.includes('.onExit') ||
      node.name.includes('.hooks.');
    const failed = node.phase === 'Failed' || node.phase === 'Error' || node.phase === 'Omitted';
    const restart =
      options.restartSuccessful === true &&
      node.phase === 'Succeeded' &&
      options.nodeFieldSelector !== undefined &&
      matchesFieldSelector(node, options.nodeFieldSelector);
    if (exit || ((failed || restart) && LEAF.has(node.type))) removed.add(node.id);
    else if (failed || restart) reset.add(node.id);
  }
  // Parents of what is removed must run again too.
  let grew = true;
  while (grew) {
    grew = false;
    for (const node of Object.values(nodes)) {
      if (removed.has(node.id) || reset.has(node.id) || node.phase !== 'Succeeded' || LEAF.has(node.type))
        continue;
      const below = Object.values(nodes).some(
        (n) => n.boundaryID === node.id && (removed.has(n.id) || reset.has(n.id)),
      );
      if (below) {
        reset.add(node.id);
        grew = true;
      }
    }
  }
  const next: Record<string, NodeStatus> = {};
  for (const node of Object.values(nodes)) {
    if (removed.has(node.id)) continue;
    let copy: NodeStatus = node;
    if (reset.has(node.id)) {
      const { finishedAt: _f, message: _m, outputs: _o, ...rest } = node;
      copy = { ...rest, phase: 'Running' };
      if (node.type === 'Retry') copy.children = [];
    }
    if (copy.children) copy = { ...copy, children: copy.children.filter((c) => !removed.has(c)) };
    if (copy.outboundNodes)
      copy = { ...copy, outboundNodes: copy.outboundNodes.filter((c) => !removed.has(c)) };
    next[node.id] = copy;
  }
  const { finishedAt: _f, message: _m, ...restStatus } = status;
  out.status = { ...restStatus, phase: 'Running', nodes: next };
  if (out.spec) {
    out.spec = { ...out.spec };
    delete out.spec.shutdown;
  }
  return out;
}
