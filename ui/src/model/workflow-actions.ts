/** Which lifecycle actions a workflow offers in its current state, as Argo UI decides them. */

import type { WorkflowAction } from '../api/endpoints.ts';
import type { Workflow } from '../api/types.ts';

export type Action = WorkflowAction | 'delete';

export function isSuspended(wf: Workflow): boolean {
  if (wf.spec.suspend) return true;
  return Object.values(wf.status?.nodes ?? {}).some((n) => n.type === 'Suspend' && n.phase === 'Running');
}

export function availableActions(wf: Workflow): Action[] {
  const phase = wf.status?.phase ?? '';
  const running = phase === '' || phase === 'Pending' || phase === 'Running';
  const actions: Action[] = [];
  if (running) {
    actions.push(isSuspended(wf) ? 'resume' : 'suspend');
    actions.push('stop', 'terminate');
  }
  if (phase === 'Failed' || phase === 'Error') actions.push('retry');
  if (!running) actions.push('resubmit');
  actions.push('delete');
  return actions;
}

export const ACTION_TEXT: Record<Action, { label: string; confirm: string; danger?: boolean }> = {
  resume: { label: 'Resume', confirm: 'Resume this workflow?' },
  suspend: { label: 'Suspend', confirm: 'Suspend this workflow? Running steps finish; no new ones start.' },
  stop: {
    label: 'Stop',
    confirm: 'Stop this workflow? Running steps are stopped; exit handlers still run.',
    danger: true,
  },
  terminate: {
    label: 'Terminate',
    confirm: 'Terminate this workflow? Everything stops, exit handlers do not run.',
    danger: true,
  },
  retry: { label: 'Retry', confirm: 'Retry the failed steps of this workflow?' },
  resubmit: { label: 'Resubmit', confirm: 'Submit a new copy of this workflow?' },
  delete: { label: 'Delete', confirm: 'Delete this workflow? This cannot be undone.', danger: true },
};
