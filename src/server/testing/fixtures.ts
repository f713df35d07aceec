/** Small workflows the server tests submit (host runtime: commands run as local processes). */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Workflow } from '../../spec/types.js';
import { request } from './server-process.js';

type Json = Record<string, unknown>;

export function shellWorkflow(
  generateName: string,
  script: string,
  labels: Record<string, string> = {},
): Json {
  return {
    metadata: { generateName, labels },
    spec: {
      entrypoint: 'main',
      templates: [{ name: 'main', container: { image: 'alpine', command: ['sh', '-c', script] } }],
    },
  };
}

/** Two steps: `first` then an approval (suspend) then `after`. */
export function approvalWorkflow(generateName: string): Json {
  return {
    metadata: { generateName },
    spec: {
      entrypoint: 'main',
      templates: [
        {
          name: 'main',
          steps: [[{ name: 'approve', template: 'approve' }], [{ name: 'after', template: 'echo' }]],
        },
        { name: 'approve', suspend: {} },
        { name: 'echo', container: { image: 'alpine', command: ['echo', 'approved'] } },
      ],
    },
  };
}

export const COMPLETED = new Set(['Succeeded', 'Failed', 'Error']);

/** Polls GET until the workflow completes (or `phase` is reached). */
export async function waitForPhase(
  url: string,
  namespace: string,
  name: string,
  phases: Set<string> = COMPLETED,
  token?: string,
  timeoutMs = 30_000,
): Promise<Workflow> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { status, body } = await request<Workflow>(
      url,
      'GET',
      `/api/v1/workflows/${namespace}/${name}`,
      undefined,
      token,
    );
    if (status === 200 && phases.has(body.status?.phase ?? '')) return body;
    if (Date.now() > deadline)
      throw new Error(`${name} did not reach ${[...phases]} (now ${body.status?.phase})`);
    await sleep(100);
  }
}

/** Polls until some node satisfies `pred`. */
export async function waitForNode(
  url: string,
  namespace: string,
  name: string,
  pred: (node: { type?: string; phase?: string; displayName?: string }) => boolean,
  timeoutMs = 30_000,
): Promise<Workflow> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await request<Workflow>(url, 'GET', `/api/v1/workflows/${namespace}/${name}`);
    if (Object.values(body.status?.nodes ?? {}).some(pred)) return body;
    if (Date.now() > deadline) throw new Error(`${name}: no node matched in ${timeoutMs} ms`);
    await sleep(100);
  }
}
