import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Workflow } from '../../spec/types.js';
import { drive } from '../testing/driver.js';

const containerSet = (): Workflow =>
  ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name: 'cs', namespace: 'argo', uid: 'u1' },
    spec: {
      entrypoint: 'main',
      templates: [
        {
          name: 'main',
          containerSet: {
            containers: [
              { name: 'a', image: 'busybox', command: ['true'] },
              { name: 'b', image: 'busybox', command: ['true'] },
              { name: 'main', image: 'busybox', command: ['true'], dependencies: ['a', 'b'] },
            ],
          },
        },
      ],
    },
  }) as unknown as Workflow;

test('containerSet: each container is a Container node under the pod node, in dependency order', () => {
  const { workflow } = drive(containerSet());
  const nodes = Object.values(workflow.status?.nodes ?? {});
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const pod = byName.get('cs');
  assert.equal(pod?.type, 'Pod');
  const a = byName.get('cs.a');
  const b = byName.get('cs.b');
  const main = byName.get('cs.main');
  assert.deepEqual([a?.type, b?.type, main?.type], ['Container', 'Container', 'Container']);
  assert.equal(a?.displayName, 'a');
  assert.deepEqual(pod?.children, [a?.id, b?.id]);
  assert.deepEqual(a?.children, [main?.id]);
  assert.deepEqual(b?.children, [main?.id]);
  assert.deepEqual([a?.phase, b?.phase, main?.phase], ['Succeeded', 'Succeeded', 'Succeeded']);
  assert.equal(main?.outputs?.exitCode, '0');
  assert.equal(workflow.status?.phase, 'Succeeded');
});

test('containerSet: a failed container fails its node with its exit code', () => {
  const { workflow } = drive(containerSet(), { script: () => ({ phase: 'Failed', exitCode: 3 }) });
  const byName = new Map(Object.values(workflow.status?.nodes ?? {}).map((n) => [n.name, n]));
  assert.equal(byName.get('cs.main')?.phase, 'Failed');
  assert.equal(byName.get('cs.main')?.message, 'Error (exit code 3)');
  assert.equal(byName.get('cs.main')?.outputs?.exitCode, '3');
  assert.equal(byName.get('cs')?.phase, 'Failed');
  assert.equal(workflow.status?.phase, 'Failed');
});
