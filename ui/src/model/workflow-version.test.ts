import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Workflow } from '../api/types.ts';
import { isNotOlder, newerWorkflow } from './workflow-version.ts';

const wf = (rv: string | undefined, phase: string, uid = 'u1', name = 'w'): Workflow => ({
  metadata: { name, namespace: 'ns', uid, ...(rv === undefined ? {} : { resourceVersion: rv }) },
  spec: {},
  status: { phase },
});

test("a late action answer does not roll back the watch's newer copy", () => {
  const finished = wf('12', 'Succeeded');
  const resumed = wf('9', 'Running');
  assert.equal(newerWorkflow(finished, resumed), finished);
  assert.equal(newerWorkflow(resumed, finished), finished);
});

test('versions compare as numbers, not strings', () => {
  assert.equal(isNotOlder(wf('9', 'Running'), wf('10', 'Succeeded')), true);
  assert.equal(isNotOlder(wf('10', 'Succeeded'), wf('9', 'Running')), false);
  assert.equal(isNotOlder(wf('99999999999999999999', 'a'), wf('100000000000000000000', 'b')), true);
});

test('the same version is taken (a repeat is harmless), and so is a first copy', () => {
  assert.equal(isNotOlder(wf('5', 'a'), wf('5', 'b')), true);
  assert.equal(isNotOlder(undefined, wf('5', 'b')), true);
});

test('another object, or versions that are missing or opaque, always replace', () => {
  assert.equal(isNotOlder(wf('10', 'a', 'u1'), wf('3', 'b', 'u2')), true);
  assert.equal(isNotOlder(wf('10', 'a', 'u1', 'w'), wf('3', 'b', 'u1', 'other')), true);
  assert.equal(isNotOlder(wf(undefined, 'a'), wf('3', 'b')), true);
  assert.equal(isNotOlder(wf('10', 'a'), wf('abc', 'b')), true);
});
