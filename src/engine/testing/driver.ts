/**
 * A scripted runtime for tests: drives `reconcile` to the end, "running" each startPod action with
 * an outcome from a script, answering httpRequest actions, and advancing a fake clock (one second per
 * call, or the requested requeueAfter when nothing is running). Reusable by controller tests.
 */
import type { PodObservation, PodPlan } from '../../runtime/pod-plan.js';
import type { NodeStatus, Workflow } from '../../spec/types.js';
import { reconcile } from '../reconcile.js';
import type { Action, HttpObservation, HttpRequest, Observation } from '../types.js';

export interface PodOutcome {
  phase?: 'Succeeded' | 'Failed' | 'Error';
  exitCode?: number;
  result?: string;
  parameters?: Record<string, string>;
  message?: string;
  /** Report Running and complete only after this many more reconciles. */
  runFor?: number;
  /** Output artifacts the pod reports (name, path, location). */
  artifacts?: NonNullable<PodObservation['outputs']>['artifacts'];
}

export type PodScript = (plan: PodPlan) => PodOutcome;
export type HttpScript = (request: HttpRequest) => Omit<HttpObservation, 'kind' | 'nodeId'>;

export interface DriveOptions {
  script?: PodScript;
  http?: HttpScript;
  start?: string;
  maxCalls?: number;
  /** Called before each reconcile; may return a changed workflow (e.g. resumeWorkflow). */
  before?: (wf: Workflow, call: number) => Workflow | undefined;
}

export interface DriveResult {
  workflow: Workflow;
  plans: PodPlan[];
  actions: Action[];
  calls: number;
}

interface Running {
  plan: PodPlan;
  outcome: PodOutcome;
  remaining: number;
}

export function podObservation(plan: PodPlan, outcome: PodOutcome, now: string): PodObservation {
  const phase = outcome.phase ?? 'Succeeded';
  const exitCode = outcome.exitCode ?? (phase === 'Succeeded' ? 0 : 1);
  const obs: PodObservation = {
    podName: plan.podName,
    nodeId: plan.nodeId,
    phase,
    finishedAt: now,
    containers: [{ name: 'main', state: 'terminated', exitCode }],
    outputs: {
      parameters: Object.entries(outcome.parameters ?? {}).map(([name, value]) => ({ name, value })),
      exitCode: String(exitCode),
      artifacts: outcome.artifacts ?? [],
    },
  };
  if (outcome.result !== undefined && obs.outputs) obs.outputs.result = outcome.result;
  const message = outcome.message ?? (phase === 'Succeeded' ? undefined : `Error (exit code ${exitCode})`);
  if (message) obs.message = message;
  return obs;
}

export function drive(workflow: Workflow, options: DriveOptions = {}): DriveResult {
  const script: PodScript = options.script ?? (() => ({}));
  let clock = Date.parse(options.start ?? '2024-01-01T00:00:00Z');
  let wf = workflow;
  const running = new Map<string, Running>();
  const plans: PodPlan[] = [];
  const all: Action[] = [];
  let observations: Observation[] = [];
  let calls = 0;
  const max = options.maxCalls ?? 500;
  while (calls < max) {
    const changed = options.before?.(wf, calls);
    if (changed) wf = changed;
    const now = new Date(clock).toISOString();
    const result = reconcile({ workflow: wf, observations, now });
    calls++;
    all.push(...result.actions);
    observations = [];
    const phase = result.status.phase;
    if (phase === 'Succeeded' || phase === 'Failed' || phase === 'Error') break;
    let requeue: number | undefined;
    for (const action of result.actions) {
      if (action.type === 'startPod') {
        plans.push(action.plan);
        const outcome = script(action.plan);
        running.set(action.plan.podName, { plan: action.plan, outcome, remaining: outcome.runFor ?? 0 });
      } else if (action.type === 'stopPod') {
        running.delete(action.podName);
      } else if (action.type === 'httpRequest') {
        const answer = options.http?.(action.request) ?? { statusCode: 200, body: '' };
        observations.push({ kind: 'http', nodeId: action.nodeId, ...answer });
      } else if (action.type === 'requeueAfter') requeue = action.seconds;
    }
    clock += 1000;
    const later = new Date(clock).toISOString();
    for (const [name, pod] of running) {
      if (pod.remaining > 0) {
        pod.remaining--;
        continue;
      }
      observations.push(podObservation(pod.plan, pod.outcome, later));
      running.delete(name);
    }
    if (observations.length === 0 && running.size === 0 && requeue !== undefined)
      clock += requeue * 1000 - 1000;
  }
  return { workflow: wf, plans, actions: all, calls };
}

/** Nodes by name, for assertions. */
export function nodesByName(wf: Workflow): Map<string, NodeStatus> {
  return new Map(Object.values(wf.status?.nodes ?? {}).map((n) => [n.name, n]));
}

/** `name -> phase` of every node, for compact assertions. */
export function phases(wf: Workflow): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of Object.values(wf.status?.nodes ?? {})) out[n.name] = n.phase ?? '';
  return out;
}
