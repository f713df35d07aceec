/**
 * The CLI against a real `argosy server` (`--server` / ARGOSY_SERVER, ARGOSY_TOKEN), compared with the
 * same commands on the embedded store: every workflow verb gives the same output either way. The CLI
 * runs with its own empty ARGOSY_HOME, so everything it shows comes from the server.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse } from 'yaml';
import { type CliResult, expectOk, homesForThisFile, runCli } from '../cli/testing/run-cli.js';
import { type ServerProcess, startServer } from '../server/testing/server-process.js';

let server: ServerProcess;
after(async () => {
  assert.equal(await server.stop(), 0);
});
const homes = homesForThisFile();
let serverEnv: Record<string, string>;
let markers: string;

interface Mode {
  name: string;
  run(args: string[]): Promise<CliResult>;
}

let embedded: Mode;
let remote: Mode;

before(async () => {
  const serverHome = homes();
  markers = homes();
  const token = expectOk(
    await runCli(['auth', 'token', 'create', '-n', 'default', '--role', 'editor'], { home: serverHome }),
    'token',
  ).stdout.trim();
  server = await startServer(serverHome, ['--auth-mode', 'client']);
  serverEnv = { ARGOSY_SERVER: server.url, ARGOSY_TOKEN: token };
  const cliHome = homes();
  const embeddedHome = homes();
  remote = {
    name: 'server',
    run: (args) => runCli(args, { home: cliHome, env: serverEnv, timeoutMs: 60_000 }),
  };
  embedded = { name: 'embedded', run: (args) => runCli(args, { home: embeddedHome, timeoutMs: 60_000 }) };
});

/** Runs the same command in both modes. */
async function both(args: string[]): Promise<[CliResult, CliResult]> {
  return Promise.all([embedded.run(args), remote.run(args)]);
}

const clean = (text: string) =>
  text
    .replace(/^(Created|Started|Finished|Duration):.*\n/gm, '')
    .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'TIME')
    .replace(/\b\d+(\.\d+)?(s|m|ms)\b/g, 'D')
    .replace(/[ \t]+/g, ' ');

test('submit --wait, list, get, logs (with --grep), get @latest: the same output from both', async () => {
  const [e, r] = await both(['submit', '--wait', 'testdata/cli/two-steps.yaml', '--name', 'twice']);
  expectOk(e, 'embedded submit');
  expectOk(r, 'server submit');
  assert.match(r.stdout, /^twice Succeeded at \d{4}-/);
  assert.equal(clean(r.stdout), clean(e.stdout));
  const [le, lr] = await both(['logs', 'twice']);
  assert.equal(lr.stdout, le.stdout, 'logs are identical');
  assert.match(lr.stdout, /: one-a\n.*: one-b\n.*: two-a\n.*: two-b\n$/);
  const [ge, gr] = await both(['logs', 'twice', '--grep', '^two']);
  assert.equal(gr.stdout, ge.stdout);
  assert.equal(gr.stdout.split('\n').filter(Boolean).length, 2);
  const [ne, nr] = await both(['list', '-o', 'name']);
  assert.equal(nr.stdout, ne.stdout);
  const [je, jr] = await both(['get', 'twice', '-o', 'json']);
  const we = JSON.parse(je.stdout);
  const wr = JSON.parse(jr.stdout);
  assert.equal(wr.status.phase, 'Succeeded');
  assert.deepEqual(Object.keys(wr.status.nodes).sort(), Object.keys(we.status.nodes).sort(), 'same node ids');
  const [te, tr] = await both(['get', '@latest']);
  assert.equal(clean(tr.stdout), clean(te.stdout), 'the tree drawn by get is the same');
});

test('suspend/resume of an approval, watch and wait', async () => {
  for (const mode of [embedded, remote]) {
    expectOk(
      await mode.run(['submit', 'testdata/server/approval.yaml', '--name', 'ap']),
      `${mode.name} submit`,
    );
    // The approval node appears once a controller ran the first reconcile.
    let got = '';
    for (let i = 0; i < 100 && !/approve/.test(got); i++) {
      got = (await mode.run(['get', 'ap'])).stdout;
      if (!/approve/.test(got)) await sleep(200);
    }
    assert.match(got, /approve/, `${mode.name}: the approval node runs`);
    const s = expectOk(await mode.run(['suspend', 'ap']), `${mode.name} suspend`);
    assert.equal(s.stdout, 'workflow ap suspended\n');
    const res = expectOk(await mode.run(['resume', 'ap']), `${mode.name} resume`);
    assert.equal(res.stdout, 'workflow ap resumed\n');
    const w = expectOk(await mode.run(['wait', 'ap']), `${mode.name} wait`);
    assert.match(w.stdout, /^ap Succeeded at /);
    const watch = expectOk(await mode.run(['watch', 'ap']), `${mode.name} watch`);
    assert.match(watch.stdout, /Status:\s+Succeeded/);
  }
});

test('stop (the exit handler runs); retry and resubmit; delete', async () => {
  for (const mode of [embedded, remote]) {
    const dir = join(markers, mode.name);
    expectOk(await runCli(['lint', 'testdata/cli/long-sleep.yaml'], { home: markers }), 'lint');
    await import('node:fs').then((fs) => fs.mkdirSync(dir, { recursive: true }));
    expectOk(
      await mode.run(['submit', 'testdata/cli/long-sleep.yaml', '--name', 'sl', '-p', `dir=${dir}`]),
      'submit',
    );
    for (let i = 0; i < 150; i++) {
      try {
        readFileSync(join(dir, 'pid'));
        break;
      } catch {
        await sleep(200);
      }
    }
    const st = expectOk(await mode.run(['stop', 'sl']), `${mode.name} stop`);
    assert.equal(st.stdout, 'workflow sl stopped\n');
    const w = await mode.run(['wait', 'sl']);
    assert.equal(w.code, 1, `${mode.name}: a stopped workflow did not succeed: ${w.stdout}${w.stderr}`);
    assert.equal(
      readFileSync(join(dir, 'exit-handler'), 'utf8').trim(),
      'Failed',
      'stop runs the exit handler',
    );

    const flakyDir = join(dir, 'flaky');
    await import('node:fs').then((fs) => fs.mkdirSync(flakyDir, { recursive: true }));
    const first = await mode.run([
      'submit',
      '--wait',
      'testdata/cli/retry-once.yaml',
      '--name',
      'fl',
      '-p',
      `dir=${flakyDir}`,
    ]);
    assert.equal(first.code, 1, `${mode.name}: ${first.stdout}${first.stderr}`);
    const retried = expectOk(await mode.run(['retry', 'fl', '--wait']), `${mode.name} retry`);
    assert.match(retried.stdout, /^fl Succeeded at /);
    assert.equal(
      readFileSync(join(flakyDir, 'good'), 'utf8'),
      'run\n',
      'retry did not re-run the succeeded step',
    );
    const resub = expectOk(
      await mode.run(['resubmit', 'fl', '-o', 'name', '--wait']),
      `${mode.name} resubmit`,
    );
    assert.match(resub.stdout, /^fl-\w{5}\n$/);
    assert.equal(
      readFileSync(join(flakyDir, 'good'), 'utf8'),
      'run\nrun\n',
      'resubmit runs everything again',
    );

    const del = expectOk(await mode.run(['delete', 'sl']), `${mode.name} delete`);
    assert.equal(del.stdout, "Workflow 'sl' deleted\n");
    const gone = await mode.run(['get', 'sl']);
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /not found/);
  }
});

test('submit --from a stored template, and a file whose workflowTemplateRef names a stored one', async () => {
  const token = serverEnv.ARGOSY_TOKEN ?? '';
  // The file's WorkflowTemplate (used by uses-workflow-template-ref.yaml), with an entrypoint of its own.
  const file = parse(readFileSync('testdata/cli/templates/greetings-template.yaml', 'utf8'));
  const template = {
    ...file,
    spec: {
      ...file.spec,
      entrypoint: 'hello',
      arguments: { parameters: [{ name: 'who', value: 'nobody' }] },
      templates: [
        ...file.spec.templates,
        {
          name: 'hello',
          container: { image: 'alpine', command: ['echo', 'hello {{workflow.parameters.who}}'] },
        },
      ],
    },
  };
  const made = await fetch(`${server.url}/api/v1/workflow-templates/default`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ template }),
  });
  assert.equal(made.status, 200, await made.text());
  const from = expectOk(
    await remote.run([
      'submit',
      '--from',
      'workflowtemplate/greetings',
      '-p',
      'who=cli',
      '--wait',
      '-o',
      'json',
    ]),
    'submit --from',
  );
  const wf = JSON.parse(from.stdout);
  assert.equal(wf.status.phase, 'Succeeded');
  assert.equal(
    Object.values(wf.status.nodes as Record<string, { outputs?: { result?: string } }>)[0]?.outputs?.result,
    'hello cli',
  );
  const byRef = expectOk(
    await remote.run(['submit', '--wait', 'testdata/cli/templates/uses-workflow-template-ref.yaml']),
    'submit of a workflowTemplateRef to a stored template',
  );
  assert.match(byRef.stdout, / Succeeded at /);
  const missing = await embedded.run(['submit', '--from', 'workflowtemplate/greetings']);
  assert.equal(missing.code, 1, 'the embedded store has no such template');
  assert.match(missing.stderr, /greetings" not found/);
  const both = await remote.run([
    'submit',
    'testdata/server/approval.yaml',
    '--from',
    'workflowtemplate/greetings',
  ]);
  assert.equal(both.code, 1);
  assert.match(both.stderr, /--from: give workflow files or --from, not both/);
});

test('errors from the server read like embedded ones; a bad token is refused', async () => {
  const [e, r] = await both(['submit', 'testdata/cli/two-steps.yaml', '--name', 'twice']);
  assert.equal(r.code, 1);
  assert.equal(e.code, 1);
  assert.equal(r.stderr, e.stderr, 'the same "already exists" message');
  const bad = await runCli(['list'], {
    home: homes(),
    env: { ...serverEnv, ARGOSY_TOKEN: 'argosy.000000000000.nope' },
  });
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /^argosy: token not valid/);
  const down = await runCli(['list', '--server', 'http://127.0.0.1:1'], { home: homes() });
  assert.equal(down.code, 1);
  assert.match(down.stderr, /cannot reach the server at http:\/\/127\.0\.0\.1:1/);
});

test('archive list/get/resubmit/delete through the server', async () => {
  let list = '';
  for (let i = 0; i < 50 && !/twice/.test(list); i++) {
    list = expectOk(await remote.run(['archive', 'list']), 'archive list').stdout;
    if (!/twice/.test(list)) await sleep(200);
  }
  const row = list.split('\n').find((l) => /\btwice\b/.test(l)) ?? '';
  const uid = row.trim().split(/\s+/).at(-1) ?? '';
  assert.match(uid, /^[0-9a-f-]{36}$/);
  const got = expectOk(await remote.run(['archive', 'get', uid, '-o', 'json']), 'archive get');
  assert.equal(JSON.parse(got.stdout).metadata.name, 'twice');
  const resub = expectOk(await remote.run(['archive', 'resubmit', uid, '-o', 'name']), 'archive resubmit');
  assert.match(resub.stdout, /^twice-\w{5}\n$/);
  expectOk(await remote.run(['archive', 'delete', uid]), 'archive delete');
  const again = await remote.run(['archive', 'get', uid]);
  assert.equal(again.code, 1);
});
