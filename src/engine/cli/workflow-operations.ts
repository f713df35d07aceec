/**
 * Pure operations the CLI and API apply to a stored workflow: suspend, resume, stop, terminate.
 * Each returns a new workflow; the input is not changed.
 */
import type { NodeStatus, Workflow } from '../../spec/types.js';
import { suspendOutputs } from '../templates/suspend-template.js';
import { mergeDefaults, templateMap } from '../templates.js';

function clone<T>(value: T): T {
  return structuredClone(value);
}

export function suspendWorkflow(wf: Workflow): Workflow {
  const out = clone(wf);
  out.spec = { ...out.spec, suspend: true };
  return out;
}

/** `field=value` pairs of an Argo node field selector (`displayName=approve`, `templateName=x`, `name=...`, `id=...`), `,`-separated; `!=` negates. */
export function matchesFieldSelector(node: NodeStatus, selector: string | undefined): boolean {
  if (!selector) return true;
  return selector.split(',').every((term) => {
    const negate = term.includes('!=');
    const [rawKey, value] = term.split(negate ? '!=' : '=') as [string, string | undefined];
    const key = rawKey
      .trim()
      .replace(/^status\./, '')
      .replace(/^inputs\.parameters\.(.+)\.value$/, 'param:$1');
    let actual: string | undefined;
    if (key.startsWith('param:')) {
      actual = node.inputs?.parameters?.find((p) => p.name === key.slice(6))?.value as string | undefined;
    } else actual = (node as unknown as Record<string, unknown>)[key] as string | undefined;
    const equal = String(actual ?? '') === (value ?? '').trim();
    return negate ? !equal : equal;
  });
}

export interface ResumeOptions {
  nodeFieldSelector?: string;
  /** Values for suspend templates' `valueFrom.supplied` output parameters. */
  outputParameters?: Record<string, string>;
  /** finishedAt of the resumed nodes (ISO); defaults to the current time. */
  now?: string;
}

/** Clears spec.suspend and marks the matching running Suspend nodes Succeeded with their outputs. */
export function resumeWorkflow(wf: Workflow, options: ResumeOptions = {}): Workflow {
  const out = clone(wf);
  out.spec = { ...out.spec };
  delete out.spec.suspend;
  const templates = templateMap(out.spec);
  const nodes = out.status?.nodes ?? {};
  const now = options.now ?? new Date().toISOString();
  for (const node of Object.values(nodes)) {
    if (node.type !== 'Suspend' || node.phase !== 'Running') continue;
    if (!matchesFieldSelector(node, options.nodeFieldSelector)) continue;
    const tmpl = templates.get(node.templateName ?? '');
    const outputs = suspendOutputs(tmpl?.outputs?.parameters, options.outputParameters ?? {});
    const next: NodeStatus = { ...node, phase: 'Succeeded', finishedAt: node.finishedAt ?? now };
    if (outputs) next.outputs = outputs;
    nodes[node.id] = next;
  }
  return out;
}

/** spec.shutdown=Stop: running pods stop, nothing new starts, exit handlers still run. */
export function stopWorkflow(wf: Workflow, message?: string): Workflow {
  const out = clone(wf);
  out.spec = { ...out.spec, shutdown: 'Stop' };
  if (message && out.status) out.status = mergeDefaults(out.status, { message });
  return out;
}

/** spec.shutdown=Terminate: running pods stop, nothing new starts, exit handlers do not run. */
export function terminateWorkflow(wf: Workflow): Workflow {
  const out = clone(wf);
  out.spec = { ...out.spec, shutdown: 'Terminate' };
  return out;
}
