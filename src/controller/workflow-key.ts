/** Work queue keys are `namespace/name`. */
export function workflowKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

export function parseWorkflowKey(key: string): { namespace: string; name: string } {
  const i = key.indexOf('/');
  return { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

export function isCompletedPhase(phase: string | undefined): boolean {
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Error';
}
