import assert from 'node:assert/strict';
import { test } from 'node:test';
import { conditionHolds, parseCondition, type Requirement } from './resource-conditions.js';

function holds(condition: string, obj: unknown): boolean {
  const reqs = parseCondition(condition);
  assert.ok(Array.isArray(reqs), String(reqs));
  return conditionHolds(reqs as Requirement[], obj);
}

test('Argo condition syntax: ==, in, notin, !=, > and commas', () => {
  const wf = { status: { phase: 'Failed', succeeded: 2, conditions: [{ type: 'Ready' }] } };
  assert.equal(holds('status.phase == Succeeded', wf), false);
  assert.equal(holds('status.phase in (Failed, Error)', wf), true);
  assert.equal(holds('status.phase notin (Failed, Error)', wf), false);
  assert.equal(holds('status.phase != Running', wf), true);
  assert.equal(holds('status.succeeded > 1', wf), true);
  assert.equal(holds('status.succeeded > 1, status.phase = Succeeded', wf), false);
  assert.equal(holds('status.conditions.0.type == Ready', wf), true);
  assert.equal(holds('status.failed', wf), false);
  assert.equal(holds('!status.failed', wf), true);
  assert.equal(holds('status.failed < 3', wf), false);
});

test('unparseable conditions give a message naming the part', () => {
  assert.equal(parseCondition('status.phase ~= x'), 'cannot parse condition "status.phase ~= x"');
  assert.equal(parseCondition(''), 'empty condition');
});
