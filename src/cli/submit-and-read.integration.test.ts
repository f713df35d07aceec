/**
 * The CLI with real processes, the way a user runs it: submit (flags, output formats, exit codes),
 * list, get, logs, watch, delete, lint, and usage errors. Each test has its own ARGOSY_HOME.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { parse } from 'yaml';
import type { NodeStatus, Workflow } from '../spec/types.js';
import {
  hasStackTrace,
  homesForThisFile,
  nodesByName,
  expectOk as ok,
  readWorkflow,
  runCli,
} from './testing/run-cli.js';

const home = homesForThisFile();

describe('submit --wait', () => {
  test('exits 0 when the workflow Succeeded and 1 when it did not', async () => {
    const h = home();
    const good = ok(await runCli(['submit', '--wait', 'examples/hello-world.yaml'], { home: h }), 'submit');
    assert.match(good.stdout, /^hello-world-\w+ Succeeded at \d{4}-/);
    const bad = await runCli(['submit', '--wait', 'examples/exit-handler.yaml'], { home: h });
    assert.equal(bad.code, 1, bad.stderr);
    assert.match(bad.stdout, /^exit-handler-\w+ Failed at /);
    assert.ok(!hasStackTrace(bad.stderr), bad.stderr);
  });

  test('-o json prints the final workflow; -p (value with =), --parameter-file, --name and -l apply', async () => {
    const h = home();
    const paramFile = join(h, 'params.yaml');
    writeFileSync(paramFile, 'extra: from-file\ngreeting: overridden-by-p\n');
    const r = ok(
      await runCli(
        [
          'submit',
          '--wait',
          '-o',
          'json',
          'testdata/cli/params.yaml',
          '-p',
          'greeting=a=b',
          '--parameter-file',
          paramFile,
          '--name',
          'p1',
          '-l',
          'env=test,tier=x',
        ],
        { home: h },
      ),
      'submit',
    );
    const wf = JSON.parse(r.stdout) as Workflow;
    assert.equal(wf.metadata.name, 'p1');
    assert.deepEqual(
      { team: wf.metadata.labels?.team, env: wf.metadata.labels?.env, tier: wf.metadata.labels?.tier },
      { team: 'cli', env: 'test', tier: 'x' },
    );
    assert.equal(wf.status?.phase, 'Succeeded');
    const pod = Object.values(wf.status?.nodes as Record<string, NodeStatus>).find((n) => n.type === 'Pod');
    assert.equal(pod?.outputs?.result, 'main a=b from-file');
    assert.ok(wf.status?.finishedAt);
  });

  test('-o yaml and -o name; --entrypoint and --generate-name', async () => {
    const h = home();
    const y = ok(
      await runCli(['submit', '--wait', '-o', 'yaml', 'testdata/cli/params.yaml', '--entrypoint', 'other'], {
        home: h,
      }),
      'submit -o yaml',
    );
    const wf = parse(y.stdout) as Workflow;
    assert.equal(wf.status?.phase, 'Succeeded');
    assert.equal(wf.spec.entrypoint, 'other');
    const pod = Object.values(wf.status?.nodes as Record<string, NodeStatus>)[0];
    assert.equal(pod?.outputs?.result, 'other hello');

    const n = ok(
      await runCli(
        ['submit', '--wait', '-o', 'name', '--generate-name', 'gen-', 'testdata/cli/params.yaml'],
        {
          home: h,
        },
      ),
      'submit -o name',
    );
    assert.match(n.stdout, /^gen-[a-z0-9]{5}\n$/);
  });
});

describe('reading workflows', () => {
  const h = home();
  let first = '';
  let second = '';
  before(async () => {
    first = ok(
      await runCli(['submit', '--wait', '-o', 'name', 'testdata/cli/two-steps.yaml', '-l', 'run=one'], {
        home: h,
      }),
      'submit',
    ).stdout.trim();
    second = (
      await runCli(['submit', '--wait', '-o', 'name', 'examples/exit-handler.yaml'], { home: h })
    ).stdout.trim();
    assert.ok(first && second);
  });

  test('list, list --status, list -l, list -o name', async () => {
    const all = ok(await runCli(['list'], { home: h }), 'list');
    const lines = all.stdout.trim().split('\n');
    assert.match(lines[0] ?? '', /^NAME\s+STATUS\s+AGE\s+DURATION\s+PRIORITY\s+MESSAGE/);
    assert.equal(lines.length, 3);
    // Newest first.
    assert.match(lines[1] ?? '', new RegExp(`^${second}\\s+Failed\\s`));
    assert.match(lines[2] ?? '', new RegExp(`^${first}\\s+Succeeded\\s`));

    const failed = ok(await runCli(['list', '--status', 'Failed', '-o', 'name'], { home: h }), 'list');
    assert.equal(failed.stdout, `${second}\n`);
    const labelled = ok(await runCli(['list', '-l', 'run=one', '-o', 'name'], { home: h }), 'list');
    assert.equal(labelled.stdout, `${first}\n`);
    const names = ok(await runCli(['list', '-o', 'name'], { home: h }), 'list');
    assert.equal(names.stdout, `${second}\n${first}\n`);
  });

  test('get NAME and get @latest draw the tree with every node', async () => {
    const g = ok(await runCli(['get', first], { home: h }), 'get');
    assert.match(g.stdout, new RegExp(`^Name:\\s+${first}$`, 'm'));
    assert.match(g.stdout, /^Status:\s+Succeeded$/m);
    assert.match(g.stdout, /✔ first\s+say\s+two-steps-/);
    assert.match(g.stdout, /✔ second\s+say\s+two-steps-/);
    const latest = ok(await runCli(['get', '@latest'], { home: h }), 'get @latest');
    assert.match(latest.stdout, new RegExp(`^Name:\\s+${second}$`, 'm'));
    assert.match(latest.stdout, /onExit/);
    const json = JSON.parse(
      ok(await runCli(['get', first, '-o', 'json'], { home: h }), 'get').stdout,
    ) as Workflow;
    assert.deepEqual([...nodesByName(json).keys()].sort(), [first, '[0]', '[1]', 'first', 'second'].sort());
  });

  test('logs NAME prefixes pod names, in order; logs NAME POD prints one pod', async () => {
    const all = ok(await runCli(['logs', first], { home: h }), 'logs');
    const lines = all.stdout.trim().split('\n');
    assert.equal(lines.length, 4, all.stdout);
    const [pod1, pod2] = [lines[0]?.split(': ')[0] ?? '', lines[2]?.split(': ')[0] ?? ''];
    assert.match(pod1, /^two-steps-\w+-say-\d+$/);
    assert.notEqual(pod1, pod2);
    // A line printed in two pieces (printf, then echo) is one line.
    assert.deepEqual(lines, [`${pod1}: one-a`, `${pod1}: one-b`, `${pod2}: two-a`, `${pod2}: two-b`]);
    const one = ok(await runCli(['logs', first, pod2], { home: h }), 'logs POD');
    assert.equal(one.stdout, 'two-a\ntwo-b\n');
  });

  test('delete NAME, then delete --completed', async () => {
    const d = ok(await runCli(['delete', first], { home: h }), 'delete');
    assert.equal(d.stdout, `Workflow '${first}' deleted\n`);
    assert.equal(await readWorkflow(h, first), undefined);
    const missing = await runCli(['get', first], { home: h });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /not found/);
    assert.ok(!hasStackTrace(missing.stderr));
    ok(await runCli(['delete', '--completed'], { home: h }), 'delete --completed');
    assert.equal(ok(await runCli(['list', '-o', 'name'], { home: h }), 'list').stdout, '');
  });
});

test('logs -f follows a running workflow to its end', async () => {
  const h = home();
  ok(
    await runCli(['submit', 'testdata/cli/two-steps.yaml', '--name', 'follow', '-p', 'pause=0.6'], {
      home: h,
    }),
    'submit',
  );
  const r = ok(await runCli(['logs', '-f', 'follow'], { home: h }), 'logs -f');
  const lines = r.stdout.trim().split('\n');
  assert.deepEqual(
    lines.map((l) => l.split(': ')[1]),
    ['one-a', 'one-b', 'two-a', 'two-b'],
  );
  assert.equal((await readWorkflow(h, 'follow'))?.status?.phase, 'Succeeded');
});

test('watch without a TTY prints the final tree', async () => {
  const h = home();
  ok(await runCli(['submit', 'examples/steps.yaml', '--name', 'watched'], { home: h }), 'submit');
  const r = ok(await runCli(['watch', 'watched'], { home: h }), 'watch');
  assert.match(r.stdout, /^Name:\s+watched$/m);
  assert.match(r.stdout, /^Status:\s+Succeeded$/m);
  assert.ok(!r.stdout.includes('\x1b['), 'no terminal escapes without a TTY');
});

describe('usage errors and lint', () => {
  const h = home();
  for (const [args, pattern] of [
    [['bogus'], /unknown command 'bogus'/],
    [['get'], /missing required argument/],
    [['submit'], /missing required argument/],
    [['submit', '--wait', '-o', 'xml', 'examples/hello-world.yaml'], /unknown output format "xml"/],
    [['submit', 'no/such/file.yaml'], /no\/such\/file\.yaml/],
    [['get', 'nope'], /not found/],
    [['submit', '-p', 'novalue', 'examples/hello-world.yaml'], /expected name=value/],
  ] as const) {
    test(`argosy ${args.join(' ')}: exit non-zero with a message, no stack trace`, async () => {
      const r = await runCli([...args], { home: h });
      assert.notEqual(r.code, 0);
      assert.equal(r.signal, null);
      assert.match(r.stderr, pattern);
      assert.ok(!hasStackTrace(r.stderr), r.stderr);
    });
  }

  test('lint: exit 0 on valid files, 1 with one line per problem, -o json', async () => {
    const good = ok(await runCli(['lint', 'examples'], { home: h }), 'lint');
    assert.equal(good.stdout, '');
    const bad = await runCli(['lint', 'testdata/cli/bad'], { home: h });
    assert.equal(bad.code, 1);
    const lines = bad.stdout.trim().split('\n');
    assert.equal(lines.length, 3, bad.stdout);
    assert.match(bad.stdout, /broken\.yaml:\d+: .*Flow map/);
    assert.match(
      bad.stdout,
      /unknown-field\.yaml:10: Workflow\/unknown-field-: spec\.templates\[0\]\.colour: /,
    );
    assert.match(bad.stdout, /cycle\.yaml:\d+: .*dependency cycle/);
    const json = await runCli(['lint', '-o', 'json', 'testdata/cli/bad/cycle.yaml'], { home: h });
    assert.equal(json.code, 1);
    const report = JSON.parse(json.stdout) as { problems: Array<{ file: string; message: string }> };
    assert.equal(report.problems.length, 1);
    assert.match(report.problems[0]?.message ?? '', /cycle/);
    const goodJson = ok(
      await runCli(['lint', '-o', 'json', 'examples/hello-world.yaml'], { home: h }),
      'lint',
    );
    assert.deepEqual((JSON.parse(goodJson.stdout) as { problems: unknown[] }).problems, []);
  });
});

describe('submit with WorkflowTemplates in the same files', () => {
  const dir = 'testdata/cli/templates';
  test('templateRef and workflowTemplateRef resolve against the submitted WorkflowTemplate', async () => {
    const h = home();
    for (const wf of ['uses-template-ref.yaml', 'uses-workflow-template-ref.yaml']) {
      const r = ok(
        await runCli(['submit', '--wait', '-o', 'json', `${dir}/${wf}`, `${dir}/greetings-template.yaml`], {
          home: h,
        }),
        `submit ${wf}`,
      );
      const done = JSON.parse(r.stdout) as Workflow;
      assert.equal(done.status?.phase, 'Succeeded', wf);
      const pods = Object.values(done.status?.nodes ?? {}).filter((n: NodeStatus) => n.type === 'Pod');
      assert.equal(pods.length, 2, wf);
    }
  });

  test('a reference to a WorkflowTemplate that was not given is refused, nothing stored', async () => {
    const h = home();
    const r = await runCli(['submit', '--wait', `${dir}/uses-template-ref.yaml`], { home: h });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /WorkflowTemplate "greetings" not found/);
    assert.ok(!hasStackTrace(r.stderr), r.stderr);
    const list = ok(await runCli(['list', '-o', 'name'], { home: h }), 'list');
    assert.equal(list.stdout, '');
  });
});
