/**
 * Workflows on the container runtime through the CLI, as a user runs them (`argosy --runtime
 * container submit --wait`): containers, scripts and parameters between steps, sidecars with init
 * containers and a shared volume, containerSets, volumeClaimTemplates, deadlines, a missing image,
 * a controller killed mid-step, and an engine that is down. Own fixtures in testdata/container/.
 * Nothing is left in the engine afterwards (checked by label).
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import {
  backgroundControllersOf,
  expectOk,
  hasStackTrace,
  homesForThisFile,
  nodesByName,
  readWorkflow,
  runCli,
  waitFor,
} from '../../cli/testing/run-cli.js';
import { ContainerRuntime } from './container-runtime.js';
import type { Engine } from './engine-client.js';
import { leftovers, testEngine } from './test-engine.js';

const engineOrReason = await testEngine();
const skip = typeof engineOrReason === 'string' ? engineOrReason : false;
const newHome = homesForThisFile();
const homes: string[] = [];
const home = () => {
  const h = newHome();
  homes.push(h);
  return h;
};
const fixture = (name: string) => `testdata/container/${name}.yaml`;
const ct = (h: string, args: string[], timeoutMs = 60_000) =>
  runCli(['--runtime', 'container', ...args], { home: h, timeoutMs });
const nameOf = (stdout: string) => stdout.split(/\s/)[0] ?? '';

describe('workflows on the container runtime (CLI)', { skip }, () => {
  after(async () => {
    const engine = engineOrReason as Engine;
    let left = 0;
    for (const h of homes) {
      left += await leftovers(engine, h);
      const runtime = new ContainerRuntime({ scope: h, stagingDir: h, engine });
      await runtime.removeAll();
    }
    assert.equal(left, 0, 'containers or volumes left in the engine');
  });

  test('hello world: result, logs per container, securityContext', async () => {
    const h = home();
    const r = expectOk(await ct(h, ['submit', '--wait', fixture('hello'), '-o', 'name']), 'submit');
    const name = r.stdout.trim();
    const wf = await readWorkflow(h, name);
    assert.equal(wf?.status?.phase, 'Succeeded');
    const node = [...nodesByName(wf!).values()].find((n) => n.type === 'Pod');
    assert.equal(node?.outputs?.result, 'hello from a container\n1000');
    const logs = expectOk(await ct(h, ['logs', name]), 'logs');
    assert.match(logs.stdout, /hello from a container/);
  });

  test('env and volumes from a ConfigMap and a Secret; the secret stays out of the status', async () => {
    const h = home();
    expectOk(await ct(h, ['configmap', 'apply', fixture('config-sources-data')]), 'configmap apply');
    const r = expectOk(await ct(h, ['submit', '--wait', fixture('config-sources'), '-o', 'name']), 'submit');
    const name = r.stdout.trim();
    const wf = await readWorkflow(h, name);
    assert.equal(wf?.status?.phase, 'Succeeded', wf?.status?.message);
    const node = [...nodesByName(wf!).values()].find((n) => n.type === 'Pod');
    assert.equal(node?.outputs?.result, 'hello not-in-status-42\nport=8080\n16');
    const { outputs: _, ...rest } = node ?? {};
    assert.ok(
      !JSON.stringify({ ...wf, status: { ...wf?.status, nodes: rest } }).includes('not-in-status-42'),
    );
    const got = expectOk(await ct(h, ['get', name, '-o', 'json']), 'get');
    assert.ok(!got.stdout.replace(/hello not-in-status-42/g, '').includes('not-in-status-42'));

    const missing = await ct(h, ['submit', '--wait', fixture('config-missing'), '-o', 'name']);
    const failed = await readWorkflow(h, missing.stdout.trim());
    assert.equal(failed?.status?.phase, 'Error');
    const pod = [...nodesByName(failed!).values()].find((n) => n.type === 'Pod');
    assert.equal(pod?.message, 'configmap "no-such-map" not found');
  });

  test('podGC OnPodSuccess removes the succeeded pod and keeps the failed one; logs of both', async () => {
    const h = home();
    const r = await ct(h, ['submit', '--wait', fixture('podgc'), '-o', 'name']);
    const name = r.stdout.trim();
    const wf = await readWorkflow(h, name);
    assert.equal(wf?.status?.phase, 'Succeeded', wf?.status?.message);
    const engine = engineOrReason as Engine;
    const podsLeft = async () => {
      const list = await engine.docker.listContainers({
        all: true,
        filters: { label: [`io.argosy.workflow=${name}`] },
      });
      return list.map((c) => c.Labels['io.argosy.node-id'] ?? '');
    };
    const bad = [...nodesByName(wf!).values()].find((n) => n.displayName === 'bad');
    assert.equal(bad?.phase, 'Failed');
    await waitFor('only the failed pod to be left', async () => (await podsLeft()).length === 1);
    assert.deepEqual(await podsLeft(), [bad?.id], 'the kept one is the failed pod');
    const logs = expectOk(await ct(h, ['logs', name]), 'logs');
    assert.match(logs.stdout, /exit with 0/);
    assert.match(logs.stdout, /exit with 3/);
    // What a controller does when the workflow is deleted (claim-volume-gc.ts watches for it).
    const runtime = new ContainerRuntime({ scope: h, stagingDir: h, engine });
    await runtime.prepare();
    await runtime.removeWorkflowPods(wf?.metadata.uid ?? '');
    assert.deepEqual(await podsLeft(), []);
  });

  test('a python script and parameters passed between steps', async () => {
    const h = home();
    const r = expectOk(await ct(h, ['submit', '--wait', fixture('script-outputs'), '-o', 'name']), 'submit');
    const wf = await readWorkflow(h, r.stdout.trim());
    const nodes = nodesByName(wf!);
    assert.equal(nodes.get('gen')?.outputs?.result, '42');
    assert.deepEqual(nodes.get('gen')?.outputs?.parameters?.[0]?.value, 'bird');
    assert.equal(nodes.get('use')?.outputs?.result, 'bird 42');
  });

  test('init container, sidecar on the pod network, emptyDir; `logs -c` per container', async () => {
    const h = home();
    const r = expectOk(await ct(h, ['submit', '--wait', fixture('sidecar-init'), '-o', 'name']), 'submit');
    const name = r.stdout.trim();
    const wf = await readWorkflow(h, name);
    assert.equal([...nodesByName(wf!).values()].find((n) => n.type === 'Pod')?.outputs?.result, 'got pong');
    const sidecar = expectOk(await ct(h, ['logs', name, '-c', 'server']), 'logs -c server');
    assert.match(sidecar.stdout, /server up/);
  });

  test('containerSet: dependencies in one pod over a shared volume, outputs from main', async () => {
    const h = home();
    const r = expectOk(await ct(h, ['submit', '--wait', fixture('container-set'), '-o', 'name']), 'submit');
    const wf = await readWorkflow(h, r.stdout.trim());
    const pod = [...nodesByName(wf!).values()].find((n) => n.type === 'Pod');
    assert.equal(pod?.outputs?.parameters?.[0]?.value, 'A\nB');
  });

  test('volumeClaimTemplates: one volume for the workflow, removed when it completes', async () => {
    const h = home();
    const r = expectOk(await ct(h, ['submit', '--wait', fixture('claim'), '-o', 'name']), 'submit');
    const wf = await readWorkflow(h, r.stdout.trim());
    assert.equal(nodesByName(wf!).get('read')?.outputs?.result, 'kept');
    await waitFor(
      'the claim volume to go',
      () => leftovers(engineOrReason as Engine, h).then((n) => n === 0),
      10_000,
    );
  });

  test('a daemon step keeps running, its IP reaches the next step, and it is stopped after its scope', async () => {
    const h = home();
    const r = expectOk(await ct(h, ['submit', '--wait', fixture('daemon'), '-o', 'name']), 'submit');
    const name = r.stdout.trim();
    const nodes = nodesByName((await readWorkflow(h, name))!);
    assert.equal(nodes.get('server')?.daemoned, true);
    assert.match(nodes.get('server')?.podIP ?? '', /^\d+\.\d+\.\d+\.\d+$/);
    assert.equal(nodes.get('client')?.outputs?.result, 'hi-from-daemon');
    await waitFor(
      'the daemon to be removed',
      () => leftovers(engineOrReason as Engine, h).then((n) => n === 0),
      10_000,
    );
  });

  test('a deadline kills the step; a missing image fails it with ErrImagePull', async () => {
    const h = home();
    const [late, missing] = await Promise.all([
      ct(h, ['submit', '--wait', fixture('deadline'), '-o', 'name']),
      ct(h, ['submit', '--wait', fixture('missing-image'), '-o', 'name']),
    ]);
    assert.equal(late.code, 1, late.stderr);
    assert.equal(missing.code, 1, missing.stderr);
    const lateWf = await readWorkflow(h, late.stdout.trim());
    const lateNode = [...nodesByName(lateWf!).values()].find((n) => n.type === 'Pod');
    assert.equal(lateNode?.message, 'Pod was active on the node longer than the specified deadline');
    const missingWf = await readWorkflow(h, missing.stdout.trim());
    const missingNode = [...nodesByName(missingWf!).values()].find((n) => n.type === 'Pod');
    assert.match(
      missingNode?.message ?? '',
      /^ErrImagePull: failed to pull image "argosy-test\/does-not-exist:1"/,
    );
  });

  test('a controller killed mid-step: the next one adopts the running container (no duplicate)', async () => {
    const h = home();
    const r = expectOk(await ct(h, ['submit', fixture('sleep'), '-o', 'name']), 'submit');
    const name = nameOf(r.stdout.trim());
    await waitFor(
      'the step to run',
      async () => {
        const wf = await readWorkflow(h, name);
        return [...nodesByName(wf ?? ({} as never)).values()].some(
          (n) => n.type === 'Pod' && n.phase === 'Running',
        );
      },
      20_000,
    );
    for (const pid of backgroundControllersOf(h)) process.kill(pid, 'SIGKILL');
    await waitFor('the controller to die', () => backgroundControllersOf(h).length === 0, 5000);
    const engine = engineOrReason as Engine;
    const before = await engine.docker.listContainers({
      all: true,
      filters: { label: [`io.argosy.workflow=${name}`] },
    });
    assert.equal(before.length, 1);
    assert.equal(before[0]?.State, 'running', 'the step outlives its controller');
    expectOk(await ct(h, ['wait', name]), 'wait');
    const wf = await readWorkflow(h, name);
    assert.equal(wf?.status?.phase, 'Succeeded');
    // The whole stdout is the result (read from the engine), whichever controller saw the end.
    const pod = [...nodesByName(wf!).values()].find((n) => n.type === 'Pod');
    assert.equal(pod?.outputs?.result, 'started\nfinished');
    // Lines printed while no controller listened are not in the stored logs; none is stored twice.
    const logs = expectOk(await ct(h, ['logs', name]), 'logs');
    assert.equal(logs.stdout.match(/started/g)?.length, 1, `started once:\n${logs.stdout}`);
  });

  test('an engine that is down is one clear error, not a hang', async () => {
    const h = home();
    const started = Date.now();
    const r = await runCli(['--runtime', 'container', 'submit', '--wait', fixture('hello')], {
      home: h,
      env: { DOCKER_HOST: 'unix:///nonexistent/argosy-test.sock' },
      timeoutMs: 20_000,
    });
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /container engine at DOCKER_HOST=unix:\/\/\/nonexistent\/argosy-test.sock does not answer/,
    );
    assert.ok(!hasStackTrace(r.stderr), r.stderr);
    assert.ok(Date.now() - started < 15_000);
  });
});
