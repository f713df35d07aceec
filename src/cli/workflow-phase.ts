import type { Workflow } from '../spec/types.js';

/** Succeeded, Failed and Error are final: nothing more runs unless the user retries. */
export const COMPLETED_PHASES: readonly string[] = ['Succeeded', 'Failed', 'Error'];

export function isCompleted(wf: Workflow): boolean {
  return COMPLETED_PHASES.includes(wf.status?.phase ?? '');
}
