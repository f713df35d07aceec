/**
 * Bad input: invalid workflows are refused at submit with the lint lines (exit 1, nothing stored);
 * steps that cannot run, fail, are killed, flood their output or never end get a node with Argo's
 * message, and the controller stays healthy for the next workflow.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import type { Workflow } from '../spec/types.js';
import {
  cleanupHome,
  hasStackTrace,
  newHome,
  nodesByName,
  expectOk as ok,
  processesOf,
  readWorkflow,
  runCli,
  spawnCli,
  waitFor,
} from './testing/run-cli.js';

const home = newHome();
after(() => cleanupHome(home));

/** Peak resident memory (kB) of a running process, polled until it exits. */
function trackPeakMemory(pid: number): () => number {
  let peak = 0;
  const timer = setInterval(() => {
    try {
      const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) peak = Math.max(peak, Number(m[1]));
    } catch {
      // exited
    }
  }, 50);
  return () => {
    clearInterval(timer);
    return peak;
  };
}

describe('invalid workflows are refused at submit', () => {
  for (const [file, line] of [
    ['broken.yaml', /^testdata\/cli\/bad\/broken\.yaml:10: .*Flow map in block collection/m],
    [
      'unknown-field.yaml',
      /^testdata\/cli\/bad\/unknown-field\.yaml:10: Workflow\/unknown-field-: spec\.templates\[0\]\.colour: unknown field "colour"$/m,
    ],
    [
      'cycle.yaml',
      /^testdata\/cli\/bad\/cycle\.yaml:11: Workflow\/cycle-: spec\.templates\[0\]\.dag\.tasks\[0\]\.dependencies: dependency cycle a -> c -> b -> a$/m,
    ],
  ] as const) {
    test(`${file}: exit 1, the lint line on stderr, nothing stored`, async () => {
      const r = await runCli(['submit', '--wait', `testdata/cli/bad/${file}`], { home });
      assert.equal(r.code, 1);
      assert.match(r.stderr, line);
      assert.match(r.stderr, /nothing was submitted/);
      assert.ok(!hasStackTrace(r.stderr), r.stderr);
      assert.equal(r.stdout, '');
    });
  }

  test('a valid file submitted with an invalid one is not stored either', async () => {
    const r = await runCli(['submit', 'examples/hello-world.yaml', 'testdata/cli/bad/cycle.yaml'], { home });
    assert.equal(r.code, 1);
    assert.ok(!hasStackTrace(r.stderr), r.stderr);
    assert.equal(ok(await runCli(['list', '-o', 'name'], { home }), 'list').stdout, '');
  });
});

test('failing steps get Argo-style messages, and the next workflow runs fine', async () => {
  const child = spawnCli(['submit', '--wait', 'testdata/cli/failures.yaml'], { home });
  const peak = trackPeakMemory(child.pid as number);
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  child.stdout?.resume();
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  const peakKb = peak();
  assert.equal(code, 0, stderr);
  assert.ok(!hasStackTrace(stderr), stderr);
  // Everything the steps printed went through this process: it stays bounded (about 120 MB at rest).
  assert.ok(peakKb < 400_000, `the CLI peaked at ${peakKb} kB`);

  const wf = (await readWorkflow(home, 'failures')) as Workflow;
  const nodes = nodesByName(wf);
  const seen = (name: string) => {
    const n = nodes.get(name);
    return { phase: n?.phase, message: n?.message, exitCode: n?.outputs?.exitCode };
  };
  assert.deepEqual(seen('not-found'), {
    phase: 'Failed',
    message:
      'failed to find name in PATH: exec: "argosy-no-such-command": executable file not found in $PATH',
    exitCode: '127',
  });
  assert.deepEqual(seen('exit-3'), { phase: 'Failed', message: 'Error (exit code 3)', exitCode: '3' });
  assert.deepEqual(seen('killed'), {
    phase: 'Failed',
    message: 'Error (exit code 137): killed by signal SIGKILL',
    exitCode: '137',
  });
  assert.deepEqual(seen('forever'), {
    phase: 'Failed',
    message: 'Pod was active on the node longer than the specified deadline',
    exitCode: '143',
  });
  assert.equal(seen('big-output').phase, 'Succeeded');
  assert.equal(seen('many-lines').phase, 'Succeeded');
  // continueOn lets the DAG succeed, as in Argo.
  assert.equal(wf.status?.phase, 'Succeeded');
  assert.equal(wf.status?.progress, '2/6');

  // The stored logs are capped, with a marker.
  const bigPod = (await runCli(['get', 'failures'], { home })).stdout.match(/failures-big-output-\d+/)?.[0];
  const linesPod = (await runCli(['get', 'failures'], { home })).stdout.match(/failures-many-lines-\d+/)?.[0];
  assert.ok(bigPod && linesPod);
  const big = ok(await runCli(['logs', 'failures', bigPod], { home }), 'logs');
  assert.ok(big.stdout.length <= 16 * 1024 * 1024 + 100, `${big.stdout.length} bytes`);
  assert.match(big.stdout.slice(-100), /x\n\[argosy: log truncated at 16777216 bytes\]\n$/);
  const many = ok(await runCli(['logs', 'failures', linesPod], { home }), 'logs');
  const manyLines = many.stdout.split('\n');
  assert.equal(manyLines.length, 200_002);
  assert.equal(manyLines[200_000], '[argosy: log truncated after 200000 lines]');

  // Nothing was left running, and the same home runs the next workflow.
  // (A killed leftover may take a moment to be scheduled and die on a loaded machine.)
  await waitFor('every process of the test home to end', () => processesOf(home).length === 0, 5_000);
  const next = ok(await runCli(['submit', '--wait', 'examples/dag-diamond.yaml'], { home }), 'submit');
  assert.match(next.stdout, /Succeeded/);
});
