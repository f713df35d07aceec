/**
 * Artifacts through the CLI on the host runtime: passing between steps and tasks on the local
 * repository and on S3 (s3rver on loopback, credentials in a Secret), inputs over http and git,
 * `argosy cp`, and Argo's failures.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { S3Driver } from '../../artifacts/drivers/s3-driver.js';
import {
  type HttpServer,
  makeGitRepo,
  S3_ACCESS_KEY,
  S3_SECRET_KEY,
  type S3Server,
  startHttpServer,
  startS3Server,
  tempDir,
  useS3Repository,
} from '../../artifacts/testing/servers.js';
import {
  expectOk,
  homesForThisFile,
  nodesByName,
  REPO_ROOT,
  readWorkflow,
  runCli,
  waitFor,
} from '../testing/run-cli.js';

const fixture = (name: string) => join(REPO_ROOT, 'testdata', 'artifacts', name);
const newHome = homesForThisFile();

async function logsOf(home: string, name: string): Promise<string> {
  return expectOk(await runCli(['logs', name], { home }), 'logs').stdout;
}

describe('artifacts on the local repository', () => {
  it('passes a file and a directory between steps, and argosy cp downloads them', async () => {
    const home = newHome();
    const submitted = expectOk(
      await runCli(['submit', '--wait', fixture('passing-steps.yaml'), '-o', 'name'], {
        home,
        timeoutMs: 60_000,
      }),
      'submit',
    );
    const name = submitted.stdout.trim();
    const logs = await logsOf(home, name);
    assert.match(logs, /consume-file-\d+: hello artifacts/);
    assert.match(logs, /consume-dir-\d+: one\n.*two\n.*600/);
    const out = join(home, 'cp-out');
    const cp = expectOk(
      await runCli(
        ['cp', name, out, '--artifact-name', 'greeting', '--path', '{templateName}/{artifactName}'],
        { home },
      ),
      'cp',
    );
    assert.equal(cp.stdout.trim(), join(out, 'produce', 'greeting'));
    assert.equal(readFileSync(join(out, 'produce', 'greeting'), 'utf8'), 'hello artifacts\n');
    const none = await runCli(['cp', name, out, '--artifact-name', 'nope'], { home });
    assert.equal(none.code, 1);
    assert.match(none.stderr, /no output artifacts matching/);
  });

  it('an output directory of links keeps them (none) and its tarball is refused as an input, as on containers', async () => {
    const home = newHome();
    const r = expectOk(
      await runCli(['submit', '--wait', fixture('links.yaml'), '-o', 'name'], { home, timeoutMs: 60_000 }),
      'submit',
    );
    const name = r.stdout.trim();
    const wf = await readWorkflow(home, name);
    assert.equal(wf?.status?.phase, 'Succeeded', wf?.status?.message);
    const logs = await logsOf(home, name);
    assert.match(logs, /mtab -> \/proc\/mounts/);
    assert.match(logs, /up -> \.\.\/\.\.\/etc\/hostname/);
    assert.match(logs, /inside: real/);
    assert.match(logs, /entries: inside mtab real\.txt up /, 'the FIFO is left out');
    const tarred = nodesByName(wf ?? ({} as never)).get('consume-tarred');
    assert.equal(tarred?.phase, 'Error');
    assert.equal(
      tarred?.message,
      "failed to load artifact 'tarred': refusing to extract artifact 'tarred': entry 'out/mtab' links to the absolute path '/proc/mounts'",
    );
  });

  it('archiveLogs saves the main log as the main-logs artifact, which argosy cp downloads', async () => {
    const home = newHome();
    const r = expectOk(
      await runCli(['submit', '--wait', fixture('archive-logs.yaml'), '-o', 'name'], {
        home,
        timeoutMs: 60_000,
      }),
      'submit',
    );
    const name = r.stdout.trim();
    const wf = await readWorkflow(home, name);
    const node = Object.values(wf?.status?.nodes ?? {})[0];
    const logs = node?.outputs?.artifacts?.find((a) => a.name === 'main-logs') as
      | { local?: { key?: string } }
      | undefined;
    assert.equal(logs?.local?.key, `${name}/${name}/main.log`);
    const out = join(home, 'logs-out');
    expectOk(
      await runCli(['cp', name, out, '--artifact-name', 'main-logs', '--path', 'main.log'], { home }),
      'cp',
    );
    assert.equal(readFileSync(join(out, 'main.log'), 'utf8'), 'first line\nsecond line\n');
  });

  it('an artifactRepositoryRef to a missing ConfigMap fails the workflow before any step runs', async () => {
    const home = newHome();
    const r = await runCli(['submit', '--wait', fixture('missing-repository-ref.yaml'), '-o', 'name'], {
      home,
      timeoutMs: 60_000,
    });
    assert.equal(r.code, 1);
    const wf = await readWorkflow(home, r.stdout.trim());
    assert.equal(wf?.status?.phase, 'Error');
    assert.match(
      wf?.status?.message ?? '',
      /error in getting artifact repository: configmap "no-such-configmap" not found/,
    );
    assert.deepEqual(Object.keys(wf?.status?.nodes ?? {}), []);
  });

  it('a missing output artifact fails the step with the path in the message', async () => {
    const home = newHome();
    const r = await runCli(['submit', '--wait', fixture('missing-output.yaml'), '-o', 'name'], {
      home,
      timeoutMs: 60_000,
    });
    assert.equal(r.code, 1);
    const wf = await readWorkflow(home, r.stdout.trim());
    const node = [...nodesByName(wf ?? ({} as never)).values()][0];
    assert.equal(node?.phase, 'Error');
    assert.equal(node?.message, 'open /tmp/never-written.txt: no such file or directory');
  });
});

describe('artifact GC on the local repository', () => {
  it('deletes OnWorkflowCompletion artifacts when the workflow ends and OnWorkflowDeletion ones on argosy delete', async () => {
    const home = newHome();
    const r = expectOk(
      await runCli(['submit', '--wait', fixture('artifact-gc.yaml'), '-o', 'name'], {
        home,
        timeoutMs: 60_000,
      }),
      'submit',
    );
    const name = r.stdout.trim();
    const wf = await readWorkflow(home, name);
    const keys = Object.fromEntries(
      (wf?.status?.nodes ? (Object.values(wf.status.nodes)[0]?.outputs?.artifacts ?? []) : []).map((a) => [
        a.name,
        join(home, 'artifacts', (a as { local?: { key?: string } }).local?.key ?? 'missing'),
      ]),
    );
    const onCompletion = keys['on-completion'] ?? '';
    await waitFor('the OnWorkflowCompletion artifact to be deleted', () => !existsSync(onCompletion));
    assert.ok(existsSync(keys['on-deletion'] ?? ''), 'kept until the workflow is deleted');
    expectOk(await runCli(['delete', name], { home }), 'delete');
    assert.equal(existsSync(keys['on-deletion'] ?? ''), false);
    assert.ok(existsSync(keys.kept ?? ''), 'strategy Never keeps it');
  });
});

describe('artifacts on S3 (s3rver on loopback) and inputs over http and git', () => {
  let s3: S3Server;
  let http: HttpServer;
  before(async () => {
    s3 = await startS3Server('workflows');
    http = await startHttpServer((_req, res) => res.writeHead(200).end('page from http\n'));
  });
  after(async () => {
    await http.close();
    await s3.close();
  });

  it('runs a DAG through the configured S3 repository with credentials from a Secret', async () => {
    const home = newHome();
    await useS3Repository(home, s3, 'artifacts/{{workflow.name}}/{{pod.name}}');
    const r = expectOk(
      await runCli(['submit', '--wait', fixture('dag-s3.yaml'), '-o', 'name'], { home, timeoutMs: 90_000 }),
      'submit',
    );
    const name = r.stdout.trim();
    assert.equal(
      await logsOf(home, name).then((l) => l.replace(/^[^:]+: /gm, '')),
      'report body\na,b\n1,2\nunarchived\nby key\n',
    );
    const wf = await readWorkflow(home, name);
    assert.equal(wf?.status?.phase, 'Succeeded');
    assert.deepEqual(wf?.status?.artifactRepositoryRef?.default, true);
    const generate = nodesByName(wf ?? ({} as never)).get('generate');
    const keys = Object.fromEntries(
      (generate?.outputs?.artifacts ?? []).map((a) => [a.name, a.s3?.key ?? '']),
    );
    for (const a of ['report', 'bundle', 'raw-dir'])
      assert.match(keys[a] ?? '', new RegExp(`^artifacts/${name}/${name}-generate-\\d+/`));
    assert.equal(keys.report?.endsWith('/report.tgz'), true);
    assert.equal(keys.shared, `${name}/shared.txt`);
    assert.deepEqual(
      wf?.status?.outputs?.artifacts?.map((a) => a.name),
      ['the-report'],
    );
    // The objects are really on the server, under the key format.
    const driver = new S3Driver({
      secrets: async (ref) => (ref.key === 'accesskey' ? S3_ACCESS_KEY : S3_SECRET_KEY),
    });
    const where = {
      bucket: s3.bucket,
      endpoint: s3.endpoint,
      insecure: true,
      accessKeySecret: { name: 'x', key: 'accesskey' },
      secretKeySecret: { name: 'x', key: 'secretkey' },
    };
    const listed = await driver.list({ s3: { ...where, key: `artifacts/${name}` } });
    assert.ok(
      listed.some((k) => k.endsWith('/report.tgz')),
      listed.join(', '),
    );
    assert.ok(
      listed.some((k) => k.endsWith('/bundle.zip')),
      listed.join(', '),
    );
    assert.ok(
      listed.some((k) => k.endsWith('/raw/deep/file.txt')),
      listed.join(', '),
    );
    assert.ok(!JSON.stringify(wf).includes(S3_SECRET_KEY), 'no secret value in the workflow');
    // argosy cp reads them back from S3.
    const out = join(home, 'out');
    expectOk(
      await runCli(['cp', name, out, '--artifact-name', 'bundle', '--path', '{artifactName}'], { home }),
      'cp',
    );
    assert.equal(readFileSync(join(out, 'bundle', 'nested', 'data.csv'), 'utf8'), 'a,b\n1,2\n');
  });

  it('an output directory of links, unarchived on S3: a link to a file inside is its content, links leaving it are left out', async () => {
    const home = newHome();
    await useS3Repository(home, s3, 'links/{{workflow.name}}/{{pod.name}}');
    const r = expectOk(
      await runCli(['submit', '--wait', fixture('links.yaml'), '-o', 'name'], { home, timeoutMs: 90_000 }),
      'submit',
    );
    const name = r.stdout.trim();
    const wf = await readWorkflow(home, name);
    assert.equal(wf?.status?.phase, 'Succeeded', wf?.status?.message);
    const logs = await logsOf(home, name);
    assert.match(logs, /mtab -> \n/);
    assert.match(logs, /inside: real/);
    assert.match(logs, /entries: inside real\.txt \n/);
    const tarred = nodesByName(wf ?? ({} as never)).get('consume-tarred');
    assert.equal(tarred?.phase, 'Error');
    assert.match(tarred?.message ?? '', /entry 'out\/mtab' links to the absolute path '\/proc\/mounts'/);
  });

  it('places input artifacts from an http URL and a git revision', async () => {
    const home = newHome();
    const repo = makeGitRepo(tempDir('argosy-cli-git-'));
    const r = expectOk(
      await runCli(
        [
          'submit',
          '--wait',
          fixture('inputs-http-git.yaml'),
          '-o',
          'name',
          '-p',
          `url=${http.url}/page`,
          '-p',
          `repo=${repo.url}`,
        ],
        { home, timeoutMs: 60_000 },
      ),
      'submit',
    );
    assert.equal(
      (await logsOf(home, r.stdout.trim())).replace(/^[^:]+: /gm, ''),
      'page from http\nversion 1\n',
    );
  });
});
