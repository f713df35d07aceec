/** Argo's node and workflow phases, with the colours and symbols Argo UI gives them. */

export const PHASES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Error', 'Skipped', 'Omitted'] as const;

const COLOURS: Record<string, string> = {
  Pending: '#f4c030',
  Running: '#0dadea',
  Succeeded: '#18be94',
  Failed: '#e96d76',
  Error: '#e96d76',
  Skipped: '#8fa4b1',
  Omitted: '#8fa4b1',
  Suspended: '#766f94',
};

const UNKNOWN_COLOUR = '#ccd6dd';

/** The fill colour of a node or a workflow in `phase` (a suspended running node shows as Suspended). */
export function phaseColour(phase: string | undefined): string {
  return (phase !== undefined && COLOURS[phase]) || UNKNOWN_COLOUR;
}

const SYMBOLS: Record<string, string> = {
  Pending: '◷',
  Running: '⟳',
  Succeeded: '✓',
  Failed: '✕',
  Error: '!',
  Skipped: '»',
  Omitted: '-',
  Suspended: '❚❚',
};

/** A one-character symbol for the phase, so the phase is not told by colour alone. */
export function phaseSymbol(phase: string | undefined): string {
  return (phase !== undefined && SYMBOLS[phase]) || '?';
}

/** A node of type Suspend that is still Running is waiting for `resume`: Argo UI shows it as suspended. */
export function displayPhase(type: string, phase: string | undefined): string {
  if (type === 'Suspend' && phase === 'Running') return 'Suspended';
  return phase ?? 'Pending';
}

export function isCompleted(phase: string | undefined): boolean {
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Error';
}
