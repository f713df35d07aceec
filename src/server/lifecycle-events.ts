/**
 * Kubernetes Events for a workflow's lifecycle, as Argo's controller records them (reasons
 * WorkflowRunning, WorkflowSucceeded, WorkflowFailed, WorkflowError, WorkflowNodeRunning,
 * WorkflowNodeSucceeded, WorkflowNodeFailed, WorkflowNodeError), derived from two successive states of
 * a workflow. Pure: ids and timestamps come from the workflow and the caller.
 */
import type { NodeStatus, Workflow } from '../spec/types.js';

export interface KubeEvent {
  apiVersion: 'v1';
  kind: 'Event';
  metadata: {
    name: string;
    namespace: string;
    resourceVersion?: string;
    creationTimestamp: string;
    annotations?: Record<string, string>;
  };
  involvedObject: {
    apiVersion: 'argoproj.io/v1alpha1';
    kind: 'Workflow';
    namespace: string;
    name: string;
    uid: string;
    resourceVersion?: string;
  };
  reason: string;
  message: string;
  type: 'Normal' | 'Warning';
  source: { component: 'workflow-controller' };
  reportingComponent: 'workflow-controller';
  reportingInstance: string;
  firstTimestamp: string;
  lastTimestamp: string;
  count: number;
}

/** What a stream remembers of a workflow: its phase and its nodes' phases. */
export interface SeenPhases {
  phase: string;
  nodes: Map<string, string>;
}

export const NODE_NAME_ANNOTATION = 'workflows.argoproj.io/node-name';
export const NODE_TYPE_ANNOTATION = 'workflows.argoproj.io/node-type';

const REPORTED_NODE_PHASES = new Set(['Running', 'Succeeded', 'Failed', 'Error']);

export function seenPhasesOf(wf: Workflow): SeenPhases {
  const nodes = new Map<string, string>();
  for (const [id, n] of Object.entries(wf.status?.nodes ?? {})) nodes.set(id, n.phase ?? '');
  return { phase: wf.status?.phase ?? '', nodes };
}

function workflowEvent(
  phase: string,
  message: string | undefined,
): { reason: string; message: string } | undefined {
  switch (phase) {
    case 'Running':
      return { reason: 'WorkflowRunning', message: 'Workflow Running' };
    case 'Succeeded':
      return { reason: 'WorkflowSucceeded', message: 'Workflow completed' };
    case 'Failed':
      return { reason: 'WorkflowFailed', message: message || 'Workflow failed' };
    case 'Error':
      return { reason: 'WorkflowError', message: message || 'Workflow errored' };
    default:
      return undefined;
  }
}

function nodeMessage(node: NodeStatus): string {
  const phase = node.phase ?? '';
  const base = `${phase} node ${node.name}`;
  return node.message && (phase === 'Failed' || phase === 'Error') ? `${base}: ${node.message}` : base;
}

function timeOf(value: unknown, fallback: string): string {
  return typeof value === 'string' && value !== '' ? value : fallback;
}

/**
 * The events between `prev` (undefined: nothing known) and `next`. Changes stamped before `sinceIso`
 * are left out: a stream reports what happens after it started, not the history of a workflow it
 * first sees in the middle of its run. `name(i)` names the i-th event.
 */
export function lifecycleEvents(
  prev: SeenPhases | undefined,
  next: Workflow,
  sinceIso: string,
  now: string,
  name: (wf: string) => string,
): KubeEvent[] {
  const namespace = next.metadata.namespace ?? '';
  const wfName = next.metadata.name ?? '';
  const involvedObject: KubeEvent['involvedObject'] = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    namespace,
    name: wfName,
    uid: next.metadata.uid ?? '',
    resourceVersion: next.metadata.resourceVersion,
  };
  const since = Date.parse(sinceIso);
  const out: KubeEvent[] = [];
  const push = (reason: string, message: string, at: string, annotations?: Record<string, string>) => {
    const t = Date.parse(at);
    if (!Number.isNaN(t) && t < since) return;
    out.push({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {
        name: name(wfName),
        namespace,
        resourceVersion: next.metadata.resourceVersion,
        creationTimestamp: now,
        ...(annotations ? { annotations } : {}),
      },
      involvedObject,
      reason,
      message,
      type: /Failed|Error/.test(reason) ? 'Warning' : 'Normal',
      source: { component: 'workflow-controller' },
      reportingComponent: 'workflow-controller',
      reportingInstance: '',
      firstTimestamp: at,
      lastTimestamp: at,
      count: 1,
    });
  };
  const status = next.status ?? {};
  const phase = status.phase ?? '';
  const prevPhase = prev?.phase ?? '';
  const completed = phase === 'Succeeded' || phase === 'Failed' || phase === 'Error';
  // A workflow seen only once it completed also ran: Running comes first, as in Argo.
  if (prevPhase === '' || prevPhase === 'Pending') {
    if (phase === 'Running' || completed) {
      push('WorkflowRunning', 'Workflow Running', timeOf(status.startedAt, now));
    }
  }
  const nodes = Object.values(status.nodes ?? {}).sort((a, b) =>
    timeOf(a.startedAt, '') < timeOf(b.startedAt, '') ? -1 : 1,
  );
  for (const node of nodes) {
    const nodePhase = node.phase ?? '';
    const before = prev?.nodes.get(node.id);
    if (nodePhase === before || !REPORTED_NODE_PHASES.has(nodePhase)) continue;
    const annotations = { [NODE_NAME_ANNOTATION]: node.name ?? '', [NODE_TYPE_ANNOTATION]: node.type ?? '' };
    if (nodePhase !== 'Running' && (before === undefined || before === 'Pending')) {
      push('WorkflowNodeRunning', `Running node ${node.name}`, timeOf(node.startedAt, now), annotations);
    }
    const at = nodePhase === 'Running' ? timeOf(node.startedAt, now) : timeOf(node.finishedAt, now);
    push(`WorkflowNode${nodePhase}`, nodeMessage(node), at, annotations);
  }
  if (completed && phase !== prevPhase) {
    const e = workflowEvent(phase, status.message);
    if (e) push(e.reason, e.message, timeOf(status.finishedAt, now));
  }
  return out;
}
