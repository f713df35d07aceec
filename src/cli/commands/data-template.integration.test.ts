/**
 * The data template through the CLI on the host runtime, with real files: a step leaves a tree of
 * logs in the repository, the data template lists and filters it, and one step per listed key reads
 * its file. The same workflow runs on the local repository and on S3 (s3rver on loopback). On the
 * container runtime the data template runs too (in the controller, no container for it).
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type S3Server, startS3Server, useS3Repository } from '../../artifacts/testing/servers.js';
import { ContainerRuntime } from '../../runtime/container/container-runtime.js';
import type { Engine } from '../../runtime/container/engine-client.js';
import { testEngine } from '../../runtime/container/test-engine.js';
import type { Workflow } from '../../spec/types.js';
import {
  expectOk,
  homesForThisFile,
  nodesByName,
  REPO_ROOT,
  readWorkflow,
  runCli,
} from '../testing/run-cli.js';

const FIXTURE = join(REPO_ROOT, 'testdata', 'artifacts', 'data-template.yaml');
const newHome = homesForThisFile();

async function runFixture(home: string, file = FIXTURE): Promise<{ name: string; wf: Workflow }> {
  const r = expectOk(
    await runCli(['submit', '--wait', file, '-o', 'name'], { home, timeoutMs: 90_000 }),
    'submit',
  );
  const name = r.stdout.trim();
  const wf = await readWorkflow(home, name);
  assert.ok(wf, `workflow ${name} stored`);
  return { name, wf };
}

async function logLines(home: string, name: string): Promise<string[]> {
  const logs = expectOk(await runCli(['logs', name], { home }), 'logs').stdout;
  return logs
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.replace(/^[^:]+: /, ''))
    .sort();
}

function assertListed(wf: Workflow, name: string): void {
  assert.equal(wf.status?.phase, 'Succeeded', JSON.stringify(wf.status?.message));
  const data = nodesByName(wf).get('pick-main-logs');
  assert.equal(data?.type, 'Pod');
  assert.equal(data?.phase, 'Succeeded');
  assert.deepEqual(JSON.parse(data?.outputs?.result ?? 'null'), [
    `${name}/logs/build/main.log`,
    `${name}/logs/test/main.log`,
  ]);
}

describe('data template on the local repository', () => {
  it('lists the files under a key, filters them and fans out over the result', async () => {
    const home = newHome();
    const { name, wf } = await runFixture(home);
    assertListed(wf, name);
    assert.deepEqual(await logLines(home, name), [
      `${name}/logs/build/main.log has 2 lines`,
      `${name}/logs/test/main.log has 3 lines`,
    ]);
  });

  it('runs the example in examples/data-template.yaml', async () => {
    const home = newHome();
    const { wf } = await runFixture(home, join(REPO_ROOT, 'examples', 'data-template.yaml'));
    assert.equal(wf.status?.phase, 'Succeeded', wf.status?.message);
  });

  it('a listing of a git location fails the node with the reason', async () => {
    const home = newHome();
    const file = join(home, 'bad-source.yaml');
    writeFileSync(
      file,
      `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {generateName: bad-source-}
spec:
  entrypoint: list
  templates:
    - name: list
      data:
        source:
          artifactPaths: {name: src, git: {repo: "file:///nowhere"}}
        transformation: []
`,
    );
    const r = await runCli(['submit', '--wait', file, '-o', 'name'], { home, timeoutMs: 60_000 });
    const wf = await readWorkflow(home, r.stdout.trim());
    assert.equal(wf?.status?.phase, 'Error');
    const node = Object.values(wf?.status?.nodes ?? {})[0];
    assert.equal(node?.phase, 'Error');
    assert.match(node?.message ?? '', /cannot list the files of a git artifact/);
  });
});

describe('data template on S3 (s3rver on loopback)', () => {
  let s3: S3Server;
  before(async () => {
    s3 = await startS3Server('data-template');
  });
  after(async () => {
    await s3.close();
  });

  it('lists the objects under a key-only location of the configured repository', async () => {
    const home = newHome();
    await useS3Repository(home, s3);
    const { name, wf } = await runFixture(home);
    assertListed(wf, name);
    assert.deepEqual(await logLines(home, name), [
      `${name}/logs/build/main.log has 2 lines`,
      `${name}/logs/test/main.log has 3 lines`,
    ]);
  });
});

const engineOrReason = await testEngine();

describe('data template on the container runtime', {
  skip: typeof engineOrReason === 'string' ? engineOrReason : false,
}, () => {
  it('lists without a container and fans out to containers over the result', async () => {
    const home = newHome();
    const inbox = join(home, 'artifacts', 'inbox');
    mkdirSync(join(inbox, 'q1'), { recursive: true });
    for (const f of ['q1/sales.csv', 'q1/notes.txt', 'costs.csv']) writeFileSync(join(inbox, f), 'x\n');
    const file = join(home, 'list-inbox.yaml');
    writeFileSync(
      file,
      `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {generateName: list-inbox-}
spec:
  entrypoint: main
  templates:
    - name: main
      steps:
        - - {name: list, template: list}
        - - name: show
            template: show
            withParam: "{{steps.list.outputs.result}}"
            arguments: {parameters: [{name: key, value: "{{item}}"}]}
    - name: list
      data:
        source:
          artifactPaths: {name: inbox, s3: {key: inbox}}
        transformation:
          - expression: 'filter(data, {# endsWith ".csv"})'
    - name: show
      inputs: {parameters: [{name: key}]}
      container: {image: busybox, command: [echo, "csv {{inputs.parameters.key}}"]}
`,
    );
    try {
      const r = expectOk(
        await runCli(['--runtime', 'container', 'submit', '--wait', file, '-o', 'name'], {
          home,
          timeoutMs: 120_000,
        }),
        'submit',
      );
      const name = r.stdout.trim();
      const wf = await readWorkflow(home, name);
      assert.equal(wf?.status?.phase, 'Succeeded', wf?.status?.message);
      assert.equal(
        nodesByName(wf as Workflow).get('list')?.outputs?.result,
        '["inbox/costs.csv","inbox/q1/sales.csv"]',
      );
      assert.deepEqual(await logLines(home, name), ['csv inbox/costs.csv', 'csv inbox/q1/sales.csv']);
    } finally {
      await new ContainerRuntime({
        scope: home,
        stagingDir: home,
        engine: engineOrReason as Engine,
      }).removeAll();
    }
  });
});
