import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Workflow } from '../../spec/types.js';
import { renderWorkflow } from './workflow-tree.js';

test('a workflow being deleted shows since when, what holds it, and why artifact GC failed', () => {
  const wf = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: {
      name: 'held',
      namespace: 'default',
      deletionTimestamp: '2026-01-01T00:00:00Z',
      finalizers: ['workflows.argoproj.io/artifact-gc'],
    },
    spec: { entrypoint: 'main' },
    status: {
      phase: 'Succeeded',
      conditions: [
        { type: 'ArtifactGCError', status: 'True', message: "failed to delete artifact 'scratch'" },
      ],
    },
  } as unknown as Workflow;
  const out = renderWorkflow(wf, { now: new Date('2026-01-01T00:01:00Z'), color: false });
  assert.match(out, /^Deleting: +since .*, waiting for workflows\.argoproj\.io\/artifact-gc$/m);
  assert.match(out, /^ArtifactGCError: +failed to delete artifact 'scratch'$/m);
});
