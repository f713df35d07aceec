import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fnv32a, nodeIdOf, podNameOf } from './node-id.js';

test('fnv32a matches Go hash/fnv New32a', () => {
  assert.equal(fnv32a('hello'), 1335831723);
  assert.equal(fnv32a('world'), 933488787);
  assert.equal(fnv32a('You cannot alter your fate. However, you can rise to meet it.'), 827171719);
});

test('node IDs: root is the workflow name, others <wf>-<hash>', () => {
  assert.equal(nodeIdOf('wf', 'wf'), 'wf');
  assert.equal(nodeIdOf('wf', 'wf[0].a'), `wf-${fnv32a('wf[0].a')}`);
});

test('pod names v2', () => {
  assert.equal(podNameOf('wf', 'wf', 'main'), 'wf');
  assert.equal(podNameOf('wf', 'wf[0].a', 'echo'), `wf-echo-${fnv32a('wf[0].a')}`);
  assert.equal(podNameOf('x'.repeat(300), 'n', 't').length, 242 + 1 + String(fnv32a('n')).length);
});
