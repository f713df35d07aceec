/**
 * auth-mode client: bearer tokens (hashed at rest) with roles, and namespace isolation on every path
 * family — workflows, templates, cron workflows, event bindings, cluster templates, the archive, the
 * watch stream and the logs. Also TLS with a generated certificate, and the refusal to serve
 * without authentication beyond loopback.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { get as httpsGet } from 'node:https';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { expectOk, homesForThisFile, runCli } from '../cli/testing/run-cli.js';
import type { Workflow } from '../spec/types.js';
import { SqliteStore } from '../store/index.js';
import { shellWorkflow, waitForPhase } from './testing/fixtures.js';
import { readStream, request, type ServerProcess, startServer } from './testing/server-process.js';

let server: ServerProcess;
let tls: ServerProcess | undefined;
after(async () => {
  assert.equal(await server.stop(), 0);
  await tls?.stop();
});
const homes = homesForThisFile();
let h: string;
let url: string;
const tokens: Record<string, string> = {};

async function token(args: string[]): Promise<string> {
  const r = expectOk(await runCli(['auth', 'token', 'create', ...args], { home: h }), 'auth token create');
  return r.stdout.trim();
}

async function createIn(ns: string, generateName: string): Promise<Workflow> {
  const r = await request<Workflow>(
    url,
    'POST',
    `/api/v1/workflows/${ns}`,
    { workflow: shellWorkflow(generateName, `echo secret-of-${ns}`) },
    tokens.root,
  );
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

let wfA: Workflow;
let wfB: Workflow;

before(async () => {
  h = homes();
  tokens.root = await token(['--all-namespaces', '--role', 'admin']);
  tokens.viewerA = await token(['-n', 'ns-a', '--role', 'viewer']);
  tokens.editorA = await token(['-n', 'ns-a', '--role', 'editor', '--description', 'ci']);
  tokens.adminA = await token(['-n', 'ns-a', '--role', 'admin']);
  server = await startServer(h, ['--auth-mode', 'client']);
  url = server.url;
  wfA = await createIn('ns-a', 'a-');
  wfB = await createIn('ns-b', 'b-');
  await waitForPhase(url, 'ns-a', wfA.metadata.name ?? '', undefined, tokens.root);
  await waitForPhase(url, 'ns-b', wfB.metadata.name ?? '', undefined, tokens.root);
});

test('tokens are stored hashed; list shows ids and roles, never secrets', async () => {
  const store = await SqliteStore.open({ path: join(h, 'argosy.db') });
  try {
    const { items } = await store.list<{ apiVersion: string; kind: string; metadata: { name?: string } }>(
      'ArgosyAccessToken',
    );
    assert.equal(items.length, 4);
  } finally {
    await store.close();
  }
  const raw = readFileSync(join(h, 'argosy.db')).toString('latin1');
  for (const t of Object.values(tokens))
    assert.ok(!raw.includes(t.split('.')[2] ?? 'x'), 'no token secret in the database file');
  const list = expectOk(await runCli(['auth', 'token', 'list'], { home: h }), 'token list');
  assert.match(list.stdout, /ns-a\s+editor\s+\S+\s+ci/);
  for (const t of Object.values(tokens)) assert.ok(!list.stdout.includes(t.split('.')[2] ?? 'x'));
  const bad = await runCli(['auth', 'token', 'create', '-n', 'ns-a', '--role', 'owner'], { home: h });
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /--role: "owner" is not a role/);
});

test('401 without a token, with a wrong one, and with a revoked one', async () => {
  const none = await request(url, 'GET', '/api/v1/workflows/ns-a');
  assert.equal(none.status, 401);
  assert.equal(none.body.code, 16);
  assert.equal((await request(url, 'GET', '/api/v1/version')).status, 401);
  const forged = tokens.viewerA?.replace(/.$/, (c) => (c === 'a' ? 'b' : 'a'));
  assert.equal((await request(url, 'GET', '/api/v1/workflows/ns-a', undefined, forged)).status, 401);
  const temp = await token(['-n', 'ns-a', '--role', 'viewer']);
  assert.equal((await request(url, 'GET', '/api/v1/workflows/ns-a', undefined, temp)).status, 200);
  expectOk(await runCli(['auth', 'token', 'revoke', temp.split('.')[1] ?? ''], { home: h }), 'revoke');
  assert.equal((await request(url, 'GET', '/api/v1/workflows/ns-a', undefined, temp)).status, 401);
  const user = await request(url, 'GET', '/api/v1/userinfo', undefined, tokens.editorA);
  assert.equal(user.body.serviceAccountNamespace, 'ns-a');
});

test('roles: a viewer reads but cannot write; an editor writes', async () => {
  assert.equal(
    (await request(url, 'GET', `/api/v1/workflows/ns-a/${wfA.metadata.name}`, undefined, tokens.viewerA))
      .status,
    200,
  );
  const denied = await request(
    url,
    'POST',
    '/api/v1/workflows/ns-a',
    { workflow: shellWorkflow('v-', 'true') },
    tokens.viewerA,
  );
  assert.equal(denied.status, 403);
  assert.equal(denied.body.code, 7);
  assert.equal(
    (await request(url, 'DELETE', `/api/v1/workflows/ns-a/${wfA.metadata.name}`, undefined, tokens.viewerA))
      .status,
    403,
  );
  assert.equal(
    (await request(url, 'PUT', `/api/v1/workflows/ns-a/${wfA.metadata.name}/retry`, {}, tokens.viewerA))
      .status,
    403,
  );
  const made = await request(
    url,
    'POST',
    '/api/v1/workflows/ns-a',
    { workflow: shellWorkflow('e-', 'true') },
    tokens.editorA,
  );
  assert.equal(made.status, 200);
});

test('namespace isolation: workflows (list, get, create, verbs, lint, submit, delete)', async () => {
  const t = tokens.adminA;
  const b = wfB.metadata.name;
  const denied = [
    await request(url, 'GET', '/api/v1/workflows/ns-b', undefined, t),
    await request(url, 'GET', '/api/v1/workflows/', undefined, t),
    await request(url, 'GET', `/api/v1/workflows/ns-b/${b}`, undefined, t),
    await request(url, 'POST', '/api/v1/workflows/ns-b', { workflow: shellWorkflow('x-', 'true') }, t),
    await request(url, 'POST', '/api/v1/workflows/ns-b/lint', { workflow: shellWorkflow('x-', 'true') }, t),
    await request(
      url,
      'POST',
      '/api/v1/workflows/ns-b/submit',
      { resourceKind: 'WorkflowTemplate', resourceName: 'x' },
      t,
    ),
    await request(url, 'PUT', `/api/v1/workflows/ns-b/${b}/resubmit`, {}, t),
    await request(url, 'PUT', `/api/v1/workflows/ns-b/${b}/suspend`, {}, t),
    await request(url, 'DELETE', `/api/v1/workflows/ns-b/${b}`, undefined, t),
  ];
  for (const r of denied) assert.equal(r.status, 403, JSON.stringify(r.body));
  const own = await request<{ items: Workflow[] }>(url, 'GET', '/api/v1/workflows/ns-a', undefined, t);
  assert.ok(own.body.items.every((w) => w.metadata.namespace === 'ns-a'));
  assert.ok(!JSON.stringify(denied.map((d) => d.body)).includes('secret-of-ns-b'));
});

test('namespace isolation: workflow templates, cron workflows, event bindings; cluster templates need an all-namespaces admin', async () => {
  const t = tokens.adminA;
  const template = {
    metadata: { name: 'wt' },
    spec: { entrypoint: 'main', templates: [{ name: 'main', container: { image: 'a', command: ['true'] } }] },
  };
  assert.equal(
    (await request(url, 'POST', '/api/v1/workflow-templates/ns-b', { template }, tokens.root)).status,
    200,
  );
  assert.equal((await request(url, 'GET', '/api/v1/workflow-templates/ns-b', undefined, t)).status, 403);
  assert.equal((await request(url, 'GET', '/api/v1/workflow-templates/ns-b/wt', undefined, t)).status, 403);
  assert.equal((await request(url, 'POST', '/api/v1/workflow-templates/ns-b', { template }, t)).status, 403);
  assert.equal(
    (await request(url, 'PUT', '/api/v1/workflow-templates/ns-b/wt', { template }, t)).status,
    403,
  );
  assert.equal(
    (await request(url, 'DELETE', '/api/v1/workflow-templates/ns-b/wt', undefined, t)).status,
    403,
  );
  assert.equal((await request(url, 'POST', '/api/v1/workflow-templates/ns-a', { template }, t)).status, 200);
  const cron = { metadata: { name: 'c' }, spec: { schedules: ['0 1 * * *'], workflowSpec: template.spec } };
  assert.equal(
    (await request(url, 'POST', '/api/v1/cron-workflows/ns-b', { cronWorkflow: cron }, t)).status,
    403,
  );
  assert.equal((await request(url, 'GET', '/api/v1/cron-workflows/ns-b', undefined, t)).status, 403);
  assert.equal((await request(url, 'PUT', '/api/v1/cron-workflows/ns-b/c/suspend', {}, t)).status, 403);
  assert.equal((await request(url, 'GET', '/api/v1/workflow-event-bindings/ns-b', undefined, t)).status, 403);
  assert.equal(
    (await request(url, 'POST', '/api/v1/workflow-event-bindings/ns-b', { binding: {} }, t)).status,
    403,
  );
  const cwt = { ...template, metadata: { name: 'cwt' } };
  assert.equal(
    (await request(url, 'POST', '/api/v1/cluster-workflow-templates', { template: cwt }, t)).status,
    403,
  );
  assert.equal(
    (await request(url, 'POST', '/api/v1/cluster-workflow-templates', { template: cwt }, tokens.root)).status,
    200,
  );
  assert.equal(
    (await request(url, 'GET', '/api/v1/cluster-workflow-templates/cwt', undefined, tokens.viewerA)).status,
    200,
  );
  assert.equal(
    (await request(url, 'DELETE', '/api/v1/cluster-workflow-templates/cwt', undefined, t)).status,
    403,
  );
});

test('namespace isolation: the archive', async () => {
  const uidB = wfB.metadata.uid ?? '';
  let all: { items: Workflow[] } = { items: [] };
  for (let i = 0; i < 50 && all.items.length < 2; i++) {
    all = (
      await request<{ items: Workflow[] }>(url, 'GET', '/api/v1/archived-workflows', undefined, tokens.root)
    ).body;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(
    all.items.some((w) => w.metadata.uid === uidB),
    'the root token sees ns-b in the archive',
  );
  const mine = await request<{ items: Workflow[] }>(
    url,
    'GET',
    '/api/v1/archived-workflows',
    undefined,
    tokens.adminA,
  );
  assert.equal(mine.status, 200);
  assert.ok(mine.body.items.length > 0 && mine.body.items.every((w) => w.metadata.namespace === 'ns-a'));
  assert.equal(
    (await request(url, 'GET', '/api/v1/archived-workflows?namespace=ns-b', undefined, tokens.adminA)).status,
    403,
  );
  assert.equal(
    (await request(url, 'GET', `/api/v1/archived-workflows/${uidB}`, undefined, tokens.adminA)).status,
    404,
  );
  assert.equal(
    (await request(url, 'DELETE', `/api/v1/archived-workflows/${uidB}`, undefined, tokens.adminA)).status,
    404,
  );
  assert.equal(
    (await request(url, 'PUT', `/api/v1/archived-workflows/${uidB}/resubmit`, {}, tokens.adminA)).status,
    404,
  );
  assert.equal(
    (
      await request(
        url,
        'GET',
        '/api/v1/archived-workflows-label-keys?namespace=ns-b',
        undefined,
        tokens.adminA,
      )
    ).status,
    403,
  );
  assert.equal(
    (await request(url, 'GET', `/api/v1/archived-workflows/${uidB}`, undefined, tokens.root)).status,
    200,
  );
});

test('namespace isolation: the watch stream and the logs', async () => {
  const t = tokens.adminA;
  const other = await readStream(url, '/api/v1/workflow-events/ns-b', { token: t, sse: true });
  assert.equal(other.status, 403);
  assert.equal(other.messages.length, 0);
  const everywhere = await readStream(url, '/api/v1/workflow-events/', { token: t });
  assert.equal(everywhere.status, 403);
  const own = await readStream(url, '/api/v1/workflow-events/ns-a', { token: t, until: () => true });
  assert.equal(own.status, 200);
  assert.equal(
    (own.messages[0]?.result as { object: Workflow } | undefined)?.object.metadata.namespace,
    'ns-a',
  );
  const logs = await readStream(url, `/api/v1/workflows/ns-b/${wfB.metadata.name}/log`, { token: t });
  assert.equal(logs.status, 403);
  assert.doesNotMatch(logs.raw, /secret-of-ns-b/);
  const podLogs = await readStream(
    url,
    `/api/v1/workflows/ns-b/${wfB.metadata.name}/${wfB.metadata.name}/log`,
    { token: t },
  );
  assert.equal(podLogs.status, 403);
  const ownLogs = await readStream(url, `/api/v1/workflows/ns-a/${wfA.metadata.name}/log`, { token: t });
  assert.deepEqual(
    ownLogs.messages.map((m) => (m.result as { content: string }).content),
    ['secret-of-ns-a'],
  );
});

test('auth-mode server refuses a non-loopback address unless forced', async () => {
  const r = await runCli(['server', '--port', '0', '--host', '0.0.0.0'], {
    home: homes(),
    timeoutMs: 20_000,
  });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /--host: auth-mode server has no authentication: refusing to listen on 0\.0\.0\.0/);
});

test('TLS with a given certificate and key', async () => {
  const dir = homes();
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  tls = await startServer(dir, [
    '--tls-cert',
    join(dir, 'cert.pem'),
    '--tls-key',
    join(dir, 'key.pem'),
    '--no-controller',
  ]);
  assert.match(tls.url, /^https:\/\/127\.0\.0\.1:\d+$/);
  const ca = readFileSync(join(dir, 'cert.pem'));
  const body = await new Promise<string>((resolve, reject) => {
    httpsGet(`${tls?.url}/api/v1/version`, { ca }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => {
        text += d;
      });
      res.on('end', () => resolve(text));
    }).on('error', reject);
  });
  assert.match(body, /"version":"v/);
  await assert.rejects(fetch(`${tls.url}/api/v1/version`), 'an untrusted certificate is refused by default');
  const plain = await fetch(`${tls.url.replace('https', 'http')}/api/v1/version`).then(
    (r) => r.status,
    () => 'refused',
  );
  assert.notEqual(plain, 200, 'plain HTTP is not served on the TLS port');
  const cli = await runCli(['list', '--server', tls.url], {
    home: homes(),
    env: { NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem') },
  });
  expectOk(cli, 'the CLI trusts the certificate given in NODE_EXTRA_CA_CERTS');
  assert.match(cli.stdout, /^NAME\s+STATUS/);
});
