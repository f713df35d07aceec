import assert from 'node:assert/strict';
import { test } from 'node:test';
import { displayPhase, isCompleted, phaseColour, phaseSymbol } from './phase.ts';

test('phases take Argo UI colours; failed and error share one', () => {
  assert.equal(phaseColour('Succeeded'), '#18be94');
  assert.equal(phaseColour('Running'), '#0dadea');
  assert.equal(phaseColour('Failed'), phaseColour('Error'));
  assert.notEqual(phaseColour('Failed'), phaseColour('Succeeded'));
  assert.equal(phaseColour('Skipped'), phaseColour('Omitted'));
  assert.equal(phaseColour(undefined), '#ccd6dd');
  assert.equal(phaseColour('NoSuchPhase'), '#ccd6dd');
});

test('every phase has a symbol so colour is not the only cue', () => {
  for (const p of ['Pending', 'Running', 'Succeeded', 'Failed', 'Error', 'Skipped', 'Omitted', 'Suspended'])
    assert.notEqual(phaseSymbol(p), '?', p);
});

test('a running Suspend node is displayed Suspended; other phases pass through', () => {
  assert.equal(displayPhase('Suspend', 'Running'), 'Suspended');
  assert.equal(displayPhase('Suspend', 'Succeeded'), 'Succeeded');
  assert.equal(displayPhase('Pod', 'Running'), 'Running');
  assert.equal(displayPhase('Pod', undefined), 'Pending');
  assert.equal(isCompleted('Error'), true);
  assert.equal(isCompleted('Running'), false);
});
