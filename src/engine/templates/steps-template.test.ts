import assert from 'node:assert/strict';
import { test } from 'node:test';
import { drive, nodesByName, phases } from '../testing/driver.js';
import { loadFixture } from '../testing/fixtures.js';

test('loops: withItems (strings, maps), withParam from a result, withSequence', () => {
  const { workflow, plans } = drive(loadFixture('loops'), {
    script: (plan) => (plan.templateName === 'gen' ? { result: '[1, 2, 3]' } : {}),
  });
  assert.equal(workflow.status?.phase, 'Succeeded');
  const names = Object.keys(phases(workflow)).sort();
  assert.deepEqual(names, [
    'loops',
    'loops[0]',
    'loops[0].gen',
    'loops[1]',
    'loops[1].maps(0:os:debian,version:9.1)',
    'loops[1].maps(1:os:ubuntu,version:18)',
    'loops[1].param(0:1)',
    'loops[1].param(1:2)',
    'loops[1].param(2:3)',
    'loops[1].seq(0:n02)',
    'loops[1].seq(1:n03)',
    'loops[1].strings(0:a)',
    'loops[1].strings(1:b)',
  ]);
  const args = plans.map((p) => p.containers[0]?.command[1]).slice(1);
  assert.deepEqual(args, ['a', 'b', 'debian-9.1', 'ubuntu-18', '1', '2', '3', 'n02', 'n03']);
  assert.equal(nodesByName(workflow).get('loops[1].strings(0:a)')?.displayName, 'strings(0:a)');
});

test('when: false conditions give Skipped nodes with Argo message', () => {
  const { workflow } = drive(loadFixture('conditionals'), { script: () => ({ result: 'heads' }) });
  const tails = nodesByName(workflow).get('cond[1].tails');
  assert.equal(tails?.type, 'Skipped');
  assert.equal(tails?.phase, 'Skipped');
  assert.equal(tails?.message, "when 'heads == tails' evaluated false");
  assert.equal(nodesByName(workflow).get('cond[1].heads')?.phase, 'Succeeded');
  assert.equal(workflow.status?.phase, 'Succeeded');
});

test('continueOn failed lets the workflow go on and succeed', () => {
  const { workflow } = drive(loadFixture('continue-on'), {
    script: (p) => (p.templateName === 'fail' ? { phase: 'Failed' } : {}),
  });
  assert.equal(nodesByName(workflow).get('cont[0].bad')?.phase, 'Failed');
  assert.equal(nodesByName(workflow).get('cont[1].after')?.phase, 'Succeeded');
  assert.equal(workflow.status?.phase, 'Succeeded');
});

test('steps parallelism limits concurrent children of a loop', () => {
  const wf = loadFixture('loops');
  const main = wf.spec.templates?.[0];
  if (main) main.parallelism = 1;
  let max = 0;
  drive(wf, {
    script: (plan) => (plan.templateName === 'gen' ? { result: '[1]' } : {}),
    before: (w) => {
      const active = Object.values(w.status?.nodes ?? {}).filter(
        (n) => n.type === 'Pod' && (n.phase === 'Pending' || n.phase === 'Running'),
      );
      max = Math.max(max, active.length);
      return undefined;
    },
  });
  assert.equal(max, 1);
});
