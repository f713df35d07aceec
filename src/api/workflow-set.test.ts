import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Workflow } from '../spec/types.js';
import { setWorkflowNodes } from './workflow-set.js';

function suspended(): Workflow {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name: 'w' },
    spec: {
      entrypoint: 'main',
      suspend: true,
      templates: [
        { name: 'main', steps: [[{ name: 'approve', template: 'approve' }]] },
        {
          name: 'approve',
          suspend: {},
          outputs: { parameters: [{ name: 'ok', valueFrom: { supplied: {} } }] },
        },
      ],
    },
    status: {
      phase: 'Running',
      nodes: {
        a: {
          id: 'a',
          name: 'w.approve',
          displayName: 'approve',
          type: 'Suspend',
          phase: 'Running',
          templateName: 'approve',
        },
      },
    },
  } as Workflow;
}

test('set Succeeded with output parameters fills them and keeps spec.suspend', () => {
  const out = setWorkflowNodes(suspended(), {
    nodeFieldSelector: 'displayName=approve',
    phase: 'Succeeded',
    outputParameters: '{"ok":"yes"}',
  });
  const node = out.status?.nodes?.a;
  assert.equal(node?.phase, 'Succeeded');
  assert.deepEqual(
    node?.outputs?.parameters?.map((p) => [p.name, p.value]),
    [['ok', 'yes']],
  );
  assert.equal(out.spec.suspend, true);
});

test('set Failed with a message', () => {
  const out = setWorkflowNodes(suspended(), {
    nodeFieldSelector: 'displayName=approve',
    phase: 'Failed',
    message: 'no',
  });
  assert.equal(out.status?.nodes?.a?.phase, 'Failed');
  assert.equal(out.status?.nodes?.a?.message, 'no');
});

test('bad input names the field', () => {
  const cases: Array<[Parameters<typeof setWorkflowNodes>[1], RegExp]> = [
    [{}, /^nodeFieldSelector: /],
    [{ nodeFieldSelector: 'displayName=approve', phase: 'Running' }, /^phase: /],
    [{ nodeFieldSelector: 'displayName=approve', outputParameters: '[1]' }, /^outputParameters: /],
    [{ nodeFieldSelector: 'displayName=approve', outputParameters: '{' }, /^outputParameters: /],
    [
      { nodeFieldSelector: 'displayName=other', phase: 'Succeeded' },
      /^nodeFieldSelector: no running suspend node/,
    ],
  ];
  for (const [opts, message] of cases) assert.throws(() => setWorkflowNodes(suspended(), opts), { message });
});
