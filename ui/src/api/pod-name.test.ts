import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fnv32a as engineFnv, podNameOf as enginePodName } from '../../../src/engine/node-id.ts';
import { fnv32a, podNameOf } from './pod-name.ts';

test('the browser computes the same pod names as the engine', () => {
  for (const name of ['wf', 'wf[0].a', 'wf.task(3:x)', 'wf.ünïcode', 'x'.repeat(300)]) {
    assert.equal(fnv32a(name), engineFnv(name));
    assert.equal(podNameOf('wf', { name, templateName: 'echo' }), enginePodName('wf', name, 'echo'));
  }
  assert.equal(podNameOf('wf', { name: 'wf', templateName: 'main' }), 'wf');
  assert.equal(
    podNameOf('wf', { name: 'wf.a', templateRef: { name: 't', template: 'tt' } }),
    enginePodName('wf', 'wf.a', 'tt'),
  );
});
