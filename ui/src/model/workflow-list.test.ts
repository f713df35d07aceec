import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Workflow } from '../api/types.ts';
import {
  applyWatchEvent,
  type ListFilter,
  matchesFilter,
  parseLabelSelector,
  serverSelection,
} from './workflow-list.ts';

const wf = (name: string, phase: string, created: string, labels: Record<string, string> = {}): Workflow => ({
  metadata: { name, namespace: 'ns', creationTimestamp: created, labels },
  spec: {},
  status: { phase },
});
const none: ListFilter = { phases: [], labels: '', search: '' };

test('label selectors: equality, inequality and existence', () => {
  assert.deepEqual(parseLabelSelector(' a=b, c!=d ,e,, f==g'), [
    { key: 'a', op: '=', value: 'b' },
    { key: 'c', op: '!=', value: 'd' },
    { key: 'e', op: 'exists' },
    { key: 'f', op: '=', value: 'g' },
  ]);
});

test('filters combine phase, name search and labels', () => {
  const w = wf('build-abc', 'Running', '2024-01-01T00:00:00Z', { team: 'a' });
  assert.equal(matchesFilter(w, none), true);
  assert.equal(matchesFilter(w, { ...none, phases: ['Running', 'Failed'] }), true);
  assert.equal(matchesFilter(w, { ...none, phases: ['Succeeded'] }), false);
  assert.equal(matchesFilter(w, { ...none, search: 'ABC' }), true);
  assert.equal(matchesFilter(w, { ...none, search: 'xyz' }), false);
  assert.equal(matchesFilter(w, { ...none, labels: 'team=a' }), true);
  assert.equal(matchesFilter(w, { ...none, labels: 'team!=a' }), false);
  assert.equal(matchesFilter(w, { ...none, labels: 'owner' }), false);
});

test('watch events update, remove and add rows', () => {
  const a = wf('a', 'Running', '2024-01-01T00:00:01Z');
  const b = wf('b', 'Running', '2024-01-01T00:00:02Z');
  let rows = [b, a];
  rows = applyWatchEvent(
    rows,
    { type: 'MODIFIED', object: wf('a', 'Succeeded', a.metadata.creationTimestamp!) },
    none,
    true,
  );
  assert.deepEqual(
    rows.map((r) => [r.metadata.name, r.status?.phase]),
    [
      ['b', 'Running'],
      ['a', 'Succeeded'],
    ],
  );
  rows = applyWatchEvent(
    rows,
    { type: 'ADDED', object: wf('c', 'Pending', '2024-01-01T00:00:03Z') },
    none,
    true,
  );
  assert.deepEqual(
    rows.map((r) => r.metadata.name),
    ['c', 'b', 'a'],
  );
  rows = applyWatchEvent(rows, { type: 'DELETED', object: b }, none, true);
  assert.deepEqual(
    rows.map((r) => r.metadata.name),
    ['c', 'a'],
  );
});

test('a row that stops matching the filter leaves; new rows only join the first page', () => {
  const running: ListFilter = { ...none, phases: ['Running'] };
  const a = wf('a', 'Running', '2024-01-01T00:00:01Z');
  assert.deepEqual(
    applyWatchEvent(
      [a],
      { type: 'MODIFIED', object: wf('a', 'Failed', '2024-01-01T00:00:01Z') },
      running,
      true,
    ),
    [],
  );
  assert.deepEqual(
    applyWatchEvent(
      [a],
      { type: 'ADDED', object: wf('n', 'Running', '2024-01-02T00:00:00Z') },
      running,
      false,
    ),
    [a],
  );
  assert.deepEqual(
    applyWatchEvent([a], { type: 'ADDED', object: wf('n', 'Failed', '2024-01-02T00:00:00Z') }, running, true),
    [a],
  );
});

test('a repeated older change does not replace a newer row', () => {
  const newer: Workflow = {
    metadata: { name: 'a', namespace: 'ns', uid: 'u', resourceVersion: '20' },
    spec: {},
    status: { phase: 'Succeeded' },
  };
  const older: Workflow = {
    metadata: { name: 'a', namespace: 'ns', uid: 'u', resourceVersion: '7' },
    spec: {},
    status: { phase: 'Running' },
  };
  assert.deepEqual(applyWatchEvent([newer], { type: 'MODIFIED', object: older }, none, true), [newer]);
  assert.deepEqual(applyWatchEvent([older], { type: 'MODIFIED', object: newer }, none, true), [newer]);
});

test('one phase and a name search are selected on the server', () => {
  assert.deepEqual(serverSelection(none), {});
  assert.deepEqual(serverSelection({ ...none, phases: ['Running'], search: ' Build-1 ' }), {
    fieldSelector: 'status.phase=Running,metadata.name=build-1',
    nameFilter: 'Contains',
  });
  assert.deepEqual(serverSelection({ ...none, phases: ['Running', 'Failed'], search: 'a,b' }), {});
});
