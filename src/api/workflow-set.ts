/**
 * `argo node set` (PUT /api/v1/workflows/{ns}/{name}/set): sets the phase, message and output
 * parameters of running Suspend nodes chosen by a node field selector.
 */
import { resumeWorkflow } from '../engine/index.js';
import { ValidationError } from '../errors/index.js';
import type { Workflow } from '../spec/types.js';

export interface SetOptions {
  nodeFieldSelector?: string;
  message?: string;
  phase?: string;
  outputParameters?: string;
}

function parseOutputs(text: string | undefined): Record<string, string> {
  if (!text) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ValidationError('outputParameters', 'must be a JSON object of name: value');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new ValidationError('outputParameters', 'must be a JSON object of name: value');
  }
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
  );
}

export function setWorkflowNodes(wf: Workflow, opts: SetOptions): Workflow {
  if (!opts.nodeFieldSelector)
    throw new ValidationError('nodeFieldSelector', 'nodeFieldSelector is required');
  const phase = opts.phase ?? '';
  if (phase !== '' && !['Succeeded', 'Failed', 'Error'].includes(phase)) {
    throw new ValidationError('phase', `"${phase}" is not a phase to set: use Succeeded, Failed or Error`);
  }
  const outputParameters = parseOutputs(opts.outputParameters);
  // Succeeded (or outputs alone) is a resume of the chosen nodes: outputs are filled in the same way.
  const before = new Set(
    Object.values(wf.status?.nodes ?? {})
      .filter((n) => n.type === 'Suspend' && n.phase === 'Running')
      .map((n) => n.id),
  );
  const resumed = resumeWorkflow(wf, { nodeFieldSelector: opts.nodeFieldSelector, outputParameters });
  // resume clears spec.suspend; set must not.
  resumed.spec = { ...resumed.spec, suspend: wf.spec.suspend };
  if (wf.spec.suspend === undefined) delete resumed.spec.suspend;
  const nodes = resumed.status?.nodes ?? {};
  const changed = [...before].filter((id) => nodes[id]?.phase !== 'Running');
  if (changed.length === 0) {
    throw new ValidationError(
      'nodeFieldSelector',
      `no running suspend node matches "${opts.nodeFieldSelector}"`,
    );
  }
  for (const id of changed) {
    const node = nodes[id];
    if (!node) continue;
    if (phase === 'Failed' || phase === 'Error') node.phase = phase;
    if (opts.message) node.message = opts.message;
  }
  return resumed;
}
