/**
 * The resource commands against a real `argosy server` (`--server` / ARGOSY_SERVER, ARGOSY_TOKEN),
 * compared with the same commands on the embedded store: template, cluster-template, cron (with
 * suspend/resume), event-binding and event send, configmap, cp. Then the server's token checks as
 * the CLI shows them: a viewer cannot create, a token for one namespace cannot see another's.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type CliResult, expectOk, homesForThisFile, runCli } from '../cli/testing/run-cli.js';
import { type ServerProcess, startServer } from '../server/testing/server-process.js';

const T = 'testdata/templates';
const S = 'testdata/server-mode';

let server: ServerProcess;
// Registered before homesForThisFile's own hook, which kills what still runs in the homes.
after(async () => {
  assert.equal(await server?.stop(), 0, 'the server exits 0 on SIGTERM');
});
const homes = homesForThisFile();
let serverHome: string;
let embeddedHome: string;
let cliHome: string;
let adminEnv: Record<string, string>;

async function token(args: string[]): Promise<string> {
  return expectOk(
    await runCli(['auth', 'token', 'create', ...args], { home: serverHome }),
    'token',
  ).stdout.trim();
}

before(async () => {
  serverHome = homes();
  embeddedHome = homes();
  cliHome = homes();
  // Cluster-scoped writes need an admin of all namespaces; the embedded mode has no tokens at all.
  const admin = await token(['--all-namespaces', '--role', 'admin']);
  server = await startServer(serverHome, ['--auth-mode', 'client']);
  adminEnv = { ARGOSY_SERVER: server.url, ARGOSY_TOKEN: admin };
});

const embedded = (args: string[]) => runCli(args, { home: embeddedHome, timeoutMs: 60_000 });
const remote = (args: string[], env: Record<string, string> = adminEnv) =>
  runCli(args, { home: cliHome, env, timeoutMs: 60_000 });

/** Times, ages and generated suffixes differ between two runs; everything else must not. */
const clean = (text: string) =>
  text
    .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'TIME')
    .replace(/\b\d+(\.\d+)?(s|m|h|d|ms)\b/g, 'D')
    .replace(/"(uid|resourceVersion|creationTimestamp)": "[^"]*"/g, '"$1": "X"')
    .replace(/^(\s*)(uid|resourceVersion|creationTimestamp): .*$/gm, '$1$2: X')
    .replace(/-[a-z0-9]{5}\b/g, '-XXXXX');

/** Runs the same command both ways and asserts the same exit code, stdout and stderr. */
async function same(args: string[], what = args.join(' ')): Promise<CliResult> {
  const [e, r] = await Promise.all([embedded(args), remote(args)]);
  assert.equal(r.code, e.code, `${what}: exit codes\nembedded: ${e.stderr}\nserver: ${r.stderr}`);
  assert.equal(clean(r.stdout), clean(e.stdout), `${what}: stdout`);
  // Node's process warnings (a host without the native spawner) concern the machine, not the verb.
  const quiet = (text: string) => text.replace(/^\(node:\d+\) .*Warning: .*\n(\(Use `node --.*\n)?/gm, '');
  assert.equal(clean(quiet(r.stderr)), clean(quiet(e.stderr)), `${what}: stderr`);
  return r;
}

test('template and cluster-template: create, get, list, lint, delete, refusals', async () => {
  const created = await same(['template', 'create', `${T}/greeter-template.yaml`]);
  assert.equal(created.code, 0, created.stderr);
  assert.match(created.stdout, /^Name:\s+greeter$/m);
  await same(['template', 'create', `${T}/greeter-template.yaml`], 'a second create');
  const clash = await remote(['template', 'create', `${T}/greeter-template.yaml`]);
  assert.match(clash.stderr, /"greeter" already exists/);
  await same(['template', 'create', `${T}/bad-template.yaml`], 'a template lint refuses');
  const dangling = await same(['template', 'create', `${S}/missing-ref-template.yaml`], 'a dangling ref');
  assert.equal(dangling.code, 1);
  assert.match(dangling.stderr, /not-stored-anywhere/);
  await same(['template', 'get', 'greeter']);
  await same(['template', 'get', 'greeter', '-o', 'yaml']);
  await same(['template', 'list']);
  await same(['template', 'list', '-A']);
  await same(['template', 'list', '-o', 'name']);
  // Lint resolves references against the stored templates, wherever they are stored.
  const lint = await same(['template', 'lint', `${T}/uses-stored-template.yaml`]);
  assert.match(lint.stdout, /no linting errors found/);
  await same(['template', 'get', 'nope'], 'a missing template');
  // `argosy lint` reads files only: the same with or without a server.
  await same(['lint', `${T}/uses-stored-template.yaml`]);

  const cluster = await same(['cluster-template', 'create', `${T}/cluster-greeter.yaml`]);
  assert.equal(cluster.code, 0, cluster.stderr);
  await same(['cwft', 'list']);
  await same(['cwft', 'get', 'cluster-greeter', '-o', 'json']);
  await same(['cwft', 'delete', 'cluster-greeter']);
  assert.equal((await remote(['cwft', 'list', '-o', 'name'])).stdout, '');
});

test('cron: create, get, list, suspend, resume, delete', async () => {
  await same(['template', 'create', `${T}/greeter-template.yaml`], 'the template the cron uses');
  const from = await same([
    'submit',
    '--from',
    'workflowtemplate/greeter',
    '--name',
    'from-greeter',
    '--wait',
  ]);
  assert.match(from.stdout, /^from-greeter Succeeded at /);
  await same(['logs', 'from-greeter']);
  const created = await same(['cron', 'create', `${S}/yearly-cron.yaml`]);
  assert.equal(created.code, 0, created.stderr);
  const suspended = await same(['cron', 'suspend', 'new-year']);
  assert.equal(suspended.stdout, "CronWorkflow 'new-year' suspended\n");
  const got = await same(['cron', 'get', 'new-year']);
  assert.match(got.stdout, /Suspended:\s+true/);
  await same(['cron', 'list', '-l', 'team=fireworks']);
  await same(['cron', 'resume', 'new-year']);
  assert.match((await remote(['cron', 'get', 'new-year'])).stdout, /Suspended:\s+false/);
  await same(['cron', 'suspend', 'nope'], 'suspending a missing cron');
  await same(['cron', 'delete', 'new-year']);
  await same(['cron', 'list', '-o', 'name']);
});

test('event-binding and event send: the submitted workflow is named, and runs', async () => {
  await same(['template', 'create', `${T}/greeter-template.yaml`], 'the template the binding submits');
  const bound = await same(['event-binding', 'create', `${T}/greeter-binding.yaml`]);
  assert.equal(bound.code, 0, bound.stderr);
  await same(['wfeb', 'list']);
  const none = await same(['event', 'send', 'default', 'other', '--payload', '{"who":"x"}']);
  assert.equal(none.stdout, '');
  const sent = await same(['event', 'send', 'default', 'greet', '--payload', '{"who":"Mr Fox"}']);
  const [e, r] = await Promise.all([embedded(['wait', '@latest']), remote(['wait', '@latest'])]);
  assert.match(r.stdout, new RegExp(`^${sent.stdout.trim()} Succeeded at `));
  assert.equal(clean(r.stdout), clean(e.stdout));
  await same(['logs', '@latest']);
  await same(['event', 'send', 'default', 'greet', '--payload', '{nope'], 'a payload that is not JSON');
  await same(['wfeb', 'delete', 'greet-on-event']);
});

test('configmap: apply (created, then configured), get, list, delete', async () => {
  const applied = await same(['configmap', 'apply', `${S}/limits-configmap.yaml`]);
  assert.equal(applied.stdout, 'configmap/limits created\n');
  const again = await same(['cm', 'apply', `${S}/limits-configmap-v2.yaml`]);
  assert.equal(again.stdout, 'configmap/limits configured\n');
  const got = await same(['cm', 'get', 'limits']);
  assert.match(got.stdout, /workers: "3"/);
  await same(['cm', 'get', 'limits', '-o', 'json']);
  await same(['cm', 'list']);
  await same(['cm', 'apply', `${T}/greeter-template.yaml`], 'another kind is refused');
  await same(['cm', 'delete', 'limits']);
  await same(['cm', 'get', 'limits'], 'a deleted configmap');
});

test('cp downloads the same artifact from the server', async () => {
  const fixture = join('testdata', 'artifacts', 'passing-steps.yaml');
  const submitted = await same(['submit', '--wait', fixture, '--name', 'passing']);
  assert.equal(submitted.code, 0, submitted.stderr);
  const outE = join(embeddedHome, 'cp-out');
  const outR = join(cliHome, 'cp-out');
  const args = ['--artifact-name', 'greeting', '--path', '{templateName}/{artifactName}'];
  const [e, r] = await Promise.all([
    embedded(['cp', 'passing', outE, ...args]),
    remote(['cp', 'passing', outR, ...args]),
  ]);
  expectOk(e, 'embedded cp');
  expectOk(r, 'server cp');
  assert.equal(r.stdout, join(outR, 'produce', 'greeting\n'));
  assert.equal(e.stdout.replace(outE, 'OUT'), r.stdout.replace(outR, 'OUT'));
  assert.equal(readFileSync(join(outR, 'produce', 'greeting'), 'utf8'), 'hello artifacts\n');
  await same(['cp', 'passing', 'x', '--artifact-name', 'nope'], 'no matching artifact');
  // A directory artifact (a tarball in the repository) is unpacked the same way.
  const tree = ['--artifact-name', 'tree', '--path', '{artifactName}'];
  const [te, tr] = await Promise.all([
    embedded(['cp', 'passing', outE, ...tree]),
    remote(['cp', 'passing', outR, ...tree]),
  ]);
  expectOk(te, 'embedded cp of a directory');
  expectOk(tr, 'server cp of a directory');
  const listing = (root: string) =>
    (readdirSync(root, { recursive: true }) as string[]).sort().map((f) => {
      const st = statSync(join(root, f));
      return `${f} ${st.isDirectory() ? 'dir' : `${(st.mode & 0o777).toString(8)} ${readFileSync(join(root, f), 'utf8')}`}`;
    });
  const expected = listing(join(outE, 'tree'));
  assert.ok(expected.length > 0);
  assert.deepEqual(listing(join(outR, 'tree')), expected);
});

test('tokens: a viewer may not create; a token for namespace A sees nothing of B', async () => {
  const url = server.url;
  const viewer = await token(['-n', 'default', '--role', 'viewer']);
  const asViewer = { ARGOSY_SERVER: url, ARGOSY_TOKEN: viewer };
  const refused = await remote(['cron', 'create', `${S}/yearly-cron.yaml`], asViewer);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /^argosy: role viewer may not write in namespace "default"/);
  const cmRefused = await remote(['cm', 'apply', `${S}/limits-configmap.yaml`], asViewer);
  assert.match(cmRefused.stderr, /role viewer may not write/);
  // Reading is what a viewer may do.
  expectOk(await remote(['template', 'list'], asViewer), 'viewer list');

  const editorB = await token(['-n', 'team-b', '--role', 'editor']);
  const asB = { ARGOSY_SERVER: url, ARGOSY_TOKEN: editorB };
  expectOk(
    await remote(['template', 'create', '-n', 'team-b', `${T}/greeter-template.yaml`], asB),
    'B creates',
  );
  const editorA = await token(['-n', 'team-a', '--role', 'editor']);
  const asA = { ARGOSY_SERVER: url, ARGOSY_TOKEN: editorA };
  for (const args of [
    ['template', 'list', '-n', 'team-b'],
    ['template', 'get', 'greeter', '-n', 'team-b'],
    ['template', 'list', '-A'],
    ['cron', 'list', '-n', 'team-b'],
    ['cm', 'list', '-n', 'team-b'],
  ]) {
    const r = await remote(args, asA);
    assert.equal(r.code, 1, `${args.join(' ')}: ${r.stdout}`);
    assert.match(
      r.stderr,
      /^argosy: token not valid for (namespace "team-b"|all namespaces)/,
      args.join(' '),
    );
  }
  const own = expectOk(await remote(['template', 'list', '-n', 'team-a', '-o', 'name'], asA), 'A lists A');
  assert.equal(own.stdout, '');
  // A cluster-scoped write needs an admin of all namespaces.
  const adminOfDefault = await token(['-n', 'default', '--role', 'admin']);
  const cwft = await remote(['cwft', 'create', `${T}/cluster-greeter.yaml`], {
    ARGOSY_SERVER: url,
    ARGOSY_TOKEN: adminOfDefault,
  });
  assert.match(cwft.stderr, /cluster-scoped resources need an admin token for all namespaces/);
});
