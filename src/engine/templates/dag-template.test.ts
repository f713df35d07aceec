import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fnv32a } from '../node-id.js';
import { drive, nodesByName, phases } from '../testing/driver.js';
import { loadFixture } from '../testing/fixtures.js';

test('dag diamond: order, children via dependencies, outbound, outputs passing', () => {
  const { workflow, plans } = drive(loadFixture('dag-diamond'), {
    script: (plan) => ({ result: plan.containers[0]?.command[1] ?? '' }),
  });
  assert.equal(workflow.status?.phase, 'Succeeded');
  assert.deepEqual(
    plans.map((p) => p.containers[0]?.command[1]),
    ['A', 'A-B', 'C', 'D'],
  );
  const byName = nodesByName(workflow);
  const id = (n: string) => `diamond-${fnv32a(n)}`;
  assert.deepEqual(byName.get('diamond')?.children, [id('diamond.A')]);
  assert.deepEqual(byName.get('diamond.A')?.children, [id('diamond.B'), id('diamond.C')]);
  assert.deepEqual(byName.get('diamond.B')?.children, [id('diamond.D')]);
  assert.deepEqual(byName.get('diamond')?.outboundNodes, [id('diamond.D')]);
  assert.equal(byName.get('diamond.D')?.boundaryID, 'diamond');
  assert.equal(byName.get('diamond.D')?.displayName, 'D');
});

test('dag failFast (default): no new task after a failure', () => {
  const { workflow } = drive(loadFixture('dag-diamond'), {
    script: (plan) => (plan.containers[0]?.command[1] === 'C' ? { phase: 'Failed' } : { result: 'r' }),
  });
  assert.equal(workflow.status?.phase, 'Failed');
  assert.equal(nodesByName(workflow).get('diamond.D'), undefined);
});

test('dag failFast (default) does not stop on a failure a dependent tests for (X.Failed)', () => {
  const wf = loadFixture('dag-depends');
  const dag = wf.spec.templates?.[0]?.dag;
  if (dag) delete dag.failFast;
  const { workflow } = drive(wf, { script: (p) => (p.templateName === 'fail' ? { phase: 'Failed' } : {}) });
  assert.deepEqual(phases(workflow), {
    depends: 'Succeeded',
    'depends.A': 'Succeeded',
    'depends.B': 'Failed',
    'depends.C': 'Succeeded',
    'depends.D': 'Omitted',
    'depends.E': 'Succeeded',
  });
});

test('dag target limits the tasks that run', () => {
  const wf = loadFixture('dag-diamond');
  const dag = wf.spec.templates?.[0]?.dag;
  if (dag) dag.target = 'C';
  const { workflow } = drive(wf);
  assert.deepEqual(phases(workflow), {
    diamond: 'Succeeded',
    'diamond.A': 'Succeeded',
    'diamond.C': 'Succeeded',
  });
});

test('enhanced depends: Failed results, omitted tasks, || logic', () => {
  const { workflow } = drive(loadFixture('dag-depends'), {
    script: (p) => (p.templateName === 'fail' ? { phase: 'Failed' } : {}),
  });
  assert.deepEqual(phases(workflow), {
    depends: 'Succeeded',
    'depends.A': 'Succeeded',
    'depends.B': 'Failed',
    'depends.C': 'Succeeded',
    'depends.D': 'Omitted',
    'depends.E': 'Succeeded',
  });
  const d = nodesByName(workflow).get('depends.D');
  assert.equal(d?.type, 'Skipped');
  assert.equal(d?.message, 'omitted: depends condition not met');
});

test('dag parallelism limits running tasks', () => {
  const tasks = Array.from({ length: 6 }, (_, i) => ({
    name: `t${i}`,
    template: 'echo',
    arguments: { parameters: [{ name: 'message', value: `${i}` }] },
  }));
  const wf = loadFixture('dag-diamond');
  const main = wf.spec.templates?.[0];
  if (main?.dag) {
    main.dag.tasks = tasks;
    main.parallelism = 2;
  }
  let max = 0;
  let running = 0;
  const { workflow } = drive(wf, {
    before: (w) => {
      running = Object.values(w.status?.nodes ?? {}).filter(
        (n) => n.type === 'Pod' && (n.phase === 'Pending' || n.phase === 'Running'),
      ).length;
      max = Math.max(max, running);
      return undefined;
    },
  });
  assert.equal(workflow.status?.phase, 'Succeeded');
  assert.equal(max, 2);
});

test('dag loops expand into a TaskGroup with task(i:item) children', () => {
  const wf = loadFixture('dag-diamond');
  const main = wf.spec.templates?.[0];
  if (main?.dag) {
    main.dag.tasks = [
      {
        name: 'L',
        template: 'echo',
        arguments: { parameters: [{ name: 'message', value: '{{item}}' }] },
        withItems: ['x', 'y'],
      },
      {
        name: 'after',
        depends: 'L',
        template: 'echo',
        arguments: { parameters: [{ name: 'message', value: '{{tasks.L.outputs.result}}' }] },
      },
    ];
  }
  const { workflow, plans } = drive(wf, { script: (p) => ({ result: p.containers[0]?.command[1] ?? '' }) });
  const byName = nodesByName(workflow);
  assert.equal(byName.get('diamond.L')?.type, 'TaskGroup');
  assert.equal(byName.get('diamond.L(0:x)')?.displayName, 'L(0:x)');
  assert.equal(byName.get('diamond.L(1:y)')?.phase, 'Succeeded');
  assert.equal(plans.at(-1)?.containers[0]?.command[1], '["x","y"]');
});
