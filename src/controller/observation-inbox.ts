/**
 * Observations from runtimes (and HTTP calls) waiting for their workflow's next reconcile.
 * The runtime sink pushes; the reconciler drains all of a workflow's observations at once,
 * and puts them back if its status write fails so nothing is lost.
 */
import type { Observation } from '../engine/index.js';

export class ObservationInbox {
  private readonly byWorkflow = new Map<string, Observation[]>();

  push(workflowKey: string, observation: Observation): void {
    const list = this.byWorkflow.get(workflowKey);
    if (list) list.push(observation);
    else this.byWorkflow.set(workflowKey, [observation]);
  }

  drain(workflowKey: string): Observation[] {
    const list = this.byWorkflow.get(workflowKey) ?? [];
    this.byWorkflow.delete(workflowKey);
    return list;
  }

  /** Returns drained observations to the front of the inbox (a failed reconcile). */
  restore(workflowKey: string, observations: Observation[]): void {
    if (observations.length === 0) return;
    const newer = this.byWorkflow.get(workflowKey) ?? [];
    this.byWorkflow.set(workflowKey, [...observations, ...newer]);
  }

  /** Is an observation of this pod waiting? */
  holds(workflowKey: string, podName: string): boolean {
    return (this.byWorkflow.get(workflowKey) ?? []).some((o) => 'podName' in o && o.podName === podName);
  }

  size(workflowKey: string): number {
    return this.byWorkflow.get(workflowKey)?.length ?? 0;
  }
}
