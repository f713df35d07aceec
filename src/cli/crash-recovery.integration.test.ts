/**
 * Crash safety: `kill -9` of the process running a DAG (the CLI in `submit --wait`, or the background
 * controller), then `argosy wait`: the workflow finishes, and no task that had succeeded runs again.
 * Each task appends a line to its own file, so runs are counted on disk.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, type TestContext, test } from 'node:test';
import type { NodeStatus, Workflow } from '../spec/types.js';
import {
  backgroundControllersOf,
  cleanupHome,
  hasStackTrace,
  newHome,
  processesOf,
  readWorkflow,
  runCli,
  spawnCli,
  waitFor,
} from './testing/run-cli.js';

const TASKS = ['a1', 'a2', 'b1', 'b2', 'b3', 'c1', 'c2', 'd'];

const homes: string[] = [];
after(async () => {
  for (const h of homes) await cleanupHome(h);
});

function taskNodes(wf: Workflow): NodeStatus[] {
  return Object.values((wf.status?.nodes ?? {}) as Record<string, NodeStatus>).filter(
    (n) => n.type === 'Pod',
  );
}

/** Runs of each task, from the files the tasks append to (named by node id). */
function runsByTask(wf: Workflow, dir: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const node of taskNodes(wf)) {
    const file = join(dir, node.id);
    const lines = existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : [];
    out.set(node.displayName ?? node.name, lines.length);
  }
  return out;
}

/** Polls the store until at least two tasks have succeeded; returns the names of those that had. */
async function waitForTwoSucceeded(home: string, name: string): Promise<Set<string>> {
  return waitFor(
    'two tasks to succeed',
    async () => {
      const wf = await readWorkflow(home, name);
      if (!wf) return undefined;
      const done = taskNodes(wf).filter((n) => n.phase === 'Succeeded');
      return done.length >= 2 ? new Set(done.map((n) => n.displayName ?? n.name)) : undefined;
    },
    20_000,
    50,
  );
}

async function recoverAndCheck(
  t: TestContext,
  home: string,
  dir: string,
  name: string,
  succeededBefore: Set<string>,
) {
  const started = Date.now();
  const r = await runCli(['wait', name], { home });
  const took = Date.now() - started;
  assert.equal(r.code, 0, `wait exited ${r.code ?? r.signal}: ${r.stdout}${r.stderr}`);
  assert.ok(!hasStackTrace(r.stderr), r.stderr);
  // How long `wait` took is reported, not asserted (timing depends on the machine's load); that a dead
  // or zombie holder's lease is taken over at once is lease-keeper.test.ts's business.
  const wf = (await readWorkflow(home, name)) as Workflow;
  assert.equal(wf.status?.phase, 'Succeeded');
  const runs = runsByTask(wf, dir);
  t.diagnostic(
    `succeeded before the kill: ${[...succeededBefore].join(' ')}; runs: ${JSON.stringify(Object.fromEntries(runs))}; wait took ${took} ms`,
  );
  assert.deepEqual([...runs.keys()].sort(), TASKS);
  for (const [task, count] of runs) {
    if (succeededBefore.has(task))
      assert.equal(count, 1, `${task} had succeeded before the kill but ran ${count} times`);
    else assert.ok(count === 1 || count === 2, `${task} ran ${count} times`);
  }
  // Steps of the killed process were reaped or finished; nothing of this home is left running.
  await waitFor('every process of the test home to end', () => processesOf(home).length === 0, 5_000);
}

test('kill -9 of `submit --wait` mid-DAG, then `wait`: finishes, no succeeded task runs twice', async (t) => {
  const home = newHome();
  homes.push(home);
  const dir = join(home, 'runs');
  mkdirSync(dir);
  const child = spawnCli(
    ['submit', '--wait', 'testdata/cli/crash-dag.yaml', '--name', 'crash', '-p', `dir=${dir}`],
    {
      home,
    },
  );
  child.stdout?.resume();
  child.stderr?.resume();
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const succeededBefore = await waitForTwoSucceeded(home, 'crash');
  child.kill('SIGKILL');
  await exited;
  await recoverAndCheck(t, home, dir, 'crash', succeededBefore);
});

test('kill -9 of the background controller mid-DAG, then `wait`: finishes, no succeeded task runs twice', async (t) => {
  const home = newHome();
  homes.push(home);
  const dir = join(home, 'runs');
  mkdirSync(dir);
  const r = await runCli(
    ['submit', 'testdata/cli/crash-dag.yaml', '--name', 'crash-bg', '-p', `dir=${dir}`],
    {
      home,
    },
  );
  assert.equal(r.code, 0, r.stderr);
  const [pid, ...others] = await waitFor('the background controller', () => {
    const pids = backgroundControllersOf(home);
    return pids.length > 0 ? pids : undefined;
  });
  assert.deepEqual(others, [], 'one background controller');
  const succeededBefore = await waitForTwoSucceeded(home, 'crash-bg');
  process.kill(pid as number, 'SIGKILL');
  await waitFor(
    'the background controller to die',
    () => !backgroundControllersOf(home).includes(pid as number),
  );
  await recoverAndCheck(t, home, dir, 'crash-bg', succeededBefore);
});
