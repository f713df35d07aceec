/**
 * suspend, resume, stop, terminate, retry and resubmit against real processes: a plain command
 * changes the stored workflow, a background controller (or `wait`) carries it out.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Workflow } from '../spec/types.js';
import {
  backgroundControllersOf,
  homesForThisFile,
  nodesByName,
  expectOk as ok,
  readWorkflow,
  runCli,
  waitFor,
} from './testing/run-cli.js';

const home = homesForThisFile();

function lines(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : [];
}

/** Is this pid gone (or a zombie nobody waits for)? */
function processGone(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

test('suspend-resume example: waits at the suspend step, resume -> Succeeded', async () => {
  const h = home();
  ok(await runCli(['submit', 'examples/suspend-resume.yaml', '--name', 'sr'], { home: h }), 'submit');
  await waitFor('the approve node to be running', async () => {
    const wf = await readWorkflow(h, 'sr');
    return wf && nodesByName(wf).get('approve')?.phase === 'Running';
  });
  assert.equal(nodesByName((await readWorkflow(h, 'sr')) as Workflow).has('deploy'), false);
  const r = ok(await runCli(['resume', 'sr'], { home: h }), 'resume');
  assert.equal(r.stdout, 'workflow sr resumed\n');
  ok(await runCli(['wait', 'sr'], { home: h }), 'wait');
  const wf = (await readWorkflow(h, 'sr')) as Workflow;
  assert.equal(wf.status?.phase, 'Succeeded');
  assert.equal(nodesByName(wf).get('deploy')?.phase, 'Succeeded');
});

test('suspend of a running workflow: no new step starts until resume', async () => {
  const h = home();
  // The first step runs until the test opens the gate, so the suspend lands while it runs, however slow the machine.
  const gate = join(h, 'gate');
  ok(
    await runCli(['submit', 'testdata/cli/gated-steps.yaml', '--name', 'sus', '-p', `gate=${gate}`], {
      home: h,
    }),
    'submit',
  );
  await waitFor('the first step to run', async () => {
    const wf = await readWorkflow(h, 'sus');
    return wf && nodesByName(wf).get('first')?.phase === 'Running';
  });
  ok(await runCli(['suspend', 'sus'], { home: h }), 'suspend');
  writeFileSync(gate, '');
  await waitFor('the first step to finish', async () => {
    const wf = await readWorkflow(h, 'sus');
    return wf && nodesByName(wf).get('first')?.phase === 'Succeeded';
  });
  await sleep(800);
  let wf = (await readWorkflow(h, 'sus')) as Workflow;
  assert.equal(wf.status?.phase, 'Running');
  assert.equal(nodesByName(wf).has('second'), false, 'a suspended workflow starts no new step');
  ok(await runCli(['resume', 'sus'], { home: h }), 'resume');
  ok(await runCli(['wait', 'sus'], { home: h }), 'wait');
  wf = (await readWorkflow(h, 'sus')) as Workflow;
  assert.equal(nodesByName(wf).get('second')?.phase, 'Succeeded');
});

for (const verb of ['stop', 'terminate'] as const) {
  test(`${verb} of a long sleep: the step's process is gone, the exit handler ${verb === 'stop' ? 'runs' : 'does not run'}`, async () => {
    const h = home();
    ok(
      await runCli(['submit', 'testdata/cli/long-sleep.yaml', '--name', verb, '-p', `dir=${h}`], { home: h }),
      'submit',
    );
    const pid = await waitFor('the step to record its pid', () => {
      const text = lines(join(h, 'pid'))[0];
      return text ? Number(text) : undefined;
    });
    assert.equal(processGone(pid), false);
    const r = ok(await runCli([verb, verb], { home: h }), verb);
    assert.equal(r.stdout, `workflow ${verb} ${verb === 'stop' ? 'stopped' : 'terminated'}\n`);
    const w = await runCli(['wait', verb], { home: h });
    assert.equal(w.code, 1, `a ${verb}ped workflow did not succeed: ${w.stdout}${w.stderr}`);
    const wf = (await readWorkflow(h, verb)) as Workflow;
    assert.equal(wf.status?.phase, 'Failed');
    const main = nodesByName(wf).get(verb);
    assert.equal(main?.phase, 'Failed');
    // Argo's words, double space included.
    assert.equal(
      main?.message,
      `workflow shutdown with strategy:  ${verb === 'stop' ? 'Stop' : 'Terminate'}`,
    );
    assert.ok(processGone(pid), `the step (pid ${pid}) is still running`);
    if (verb === 'stop') assert.deepEqual(lines(join(h, 'exit-handler')), ['Failed']);
    else assert.equal(existsSync(join(h, 'exit-handler')), false, 'terminate ran the exit handler');
  });
}

test('retry re-runs only the failed step; resubmit runs everything again', async () => {
  const h = home();
  const first = await runCli(
    ['submit', '--wait', 'testdata/cli/retry-once.yaml', '--name', 'ro', '-p', `dir=${h}`],
    {
      home: h,
    },
  );
  assert.equal(first.code, 1, first.stderr);
  assert.deepEqual([lines(join(h, 'good')).length, lines(join(h, 'flaky')).length], [1, 1]);

  const retried = ok(await runCli(['retry', '--wait', '-o', 'json', 'ro'], { home: h }), 'retry');
  const wf = JSON.parse(retried.stdout) as Workflow;
  assert.equal(wf.status?.phase, 'Succeeded');
  assert.deepEqual([lines(join(h, 'good')).length, lines(join(h, 'flaky')).length], [1, 2]);

  const again = ok(await runCli(['resubmit', '--wait', '-o', 'name', 'ro'], { home: h }), 'resubmit');
  const name = again.stdout.trim();
  assert.match(name, /^ro-[a-z0-9]{5}$/);
  const fresh = (await readWorkflow(h, name)) as Workflow;
  assert.equal(fresh.status?.phase, 'Succeeded');
  assert.equal(fresh.metadata.labels?.['workflows.argoproj.io/resubmitted-from-workflow'], 'ro');
  assert.deepEqual([lines(join(h, 'good')).length, lines(join(h, 'flaky')).length], [2, 3]);
});

test('delete of a running workflow stops its step, and the background controller then exits', async () => {
  const h = home();
  ok(
    await runCli(['submit', 'testdata/cli/long-sleep.yaml', '--name', 'del', '-p', `dir=${h}`], { home: h }),
    'submit',
  );
  const pid = await waitFor('the step to record its pid', () => {
    const text = lines(join(h, 'pid'))[0];
    return text ? Number(text) : undefined;
  });
  assert.equal(ok(await runCli(['delete', 'del'], { home: h }), 'delete').stdout, "Workflow 'del' deleted\n");
  await waitFor(`the step (pid ${pid}) to be stopped`, () => processGone(pid), 5000);
  await waitFor('the background controller to exit', () => backgroundControllersOf(h).length === 0, 8000);
  assert.equal(existsSync(join(h, 'exit-handler')), false, 'a deleted workflow runs no exit handler');
});
