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

test('fnv32a hashes the UTF-8 bytes of non-ASCII names too', () => {
  const reference = (text: string) => {
    let hash = 0x811c9dc5;
    for (const byte of Buffer.from(text, 'utf8')) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
    return hash;
  };
  for (const name of ['wf[0].ünï', 'étape-步骤', 'emoji-🚀', 'a\u007f', ''])
    assert.equal(fnv32a(name), reference(name));
  assert.equal(fnv32a('wf[0].ünï'), reference('wf[0].ünï'));
});
