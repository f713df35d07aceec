/**
 * Ctrl-C of `submit --wait` stops following, not the workflow: the step it ran is started again by a
 * background controller and the workflow runs to its end; that controller then exits by itself.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import {
  backgroundControllersOf,
  cleanupHome,
  hasStackTrace,
  newHome,
  nodesByName,
  processesOf,
  readWorkflow,
  runCli,
  spawnCli,
  waitFor,
} from './testing/run-cli.js';

const home = newHome();
after(() => cleanupHome(home));

test('SIGINT during submit --wait: exit 130, the workflow still Succeeds, no controller lingers', async () => {
  const runs = join(home, 'runs');
  const child = spawnCli(
    ['submit', '--wait', 'testdata/cli/slow-step.yaml', '--name', 'sig', '-p', `dir=${home}`],
    {
      home,
    },
  );
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  child.stdout?.resume();
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  await waitFor('the step to start', () => existsSync(runs));
  child.kill('SIGINT');
  assert.equal(await exited, 130);
  assert.match(stderr, /stopped following sig; it goes on in the background/);
  assert.ok(!hasStackTrace(stderr), stderr);

  const w = await runCli(['wait', 'sig'], { home });
  assert.equal(w.code, 0, w.stdout + w.stderr);
  const wf = await readWorkflow(home, 'sig');
  assert.equal(wf?.status?.phase, 'Succeeded');
  // Stopped by the signal, it had not succeeded: it ran again, and its stop was not taken for a failure.
  assert.equal(readFileSync(runs, 'utf8'), 'run\nrun\n');
  assert.equal(nodesByName(wf as NonNullable<typeof wf>).get('sig')?.outputs?.result, 'done');

  await waitFor(
    'the background controller to exit when idle',
    () => backgroundControllersOf(home).length === 0,
    8000,
  );
  await waitFor('every process of the test home to end', () => processesOf(home).length === 0, 5_000);
});
