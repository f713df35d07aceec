/**
 * The container runtime against a real engine (podman or Docker): pods as containers, their
 * outputs, sidecars, init containers, volumes, containerSets, stop and deadline, a missing image,
 * and a controller restart. Skips, saying why, when no engine answers (fails on CI).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { container, plan, RecordingSink, run } from '../host/test-helpers.js';
import type { Engine } from './engine-client.js';
import { LABEL, listVolumesLabelled, MANAGED_BY, scopeId } from './labels.js';
import { type TestRuntime, testEngine, testRuntime } from './test-engine.js';

const engineOrReason = await testEngine();
const skip = typeof engineOrReason === 'string' ? engineOrReason : false;
const bb = (command: string[], args: string[] = [], extra = {}) =>
  container(command, args, { image: 'busybox', ...extra });

describe('container runtime', { skip }, () => {
  let t: TestRuntime;
  before(async () => {
    t = await testRuntime(engineOrReason as Engine);
  });
  after(async () => {
    const left = await t.cleanup();
    assert.equal(left, 0, 'containers or volumes left behind after release');
  });
  const release = async (podName: string) => {
    t.runtime.release(podName);
    await t.runtime.close();
  };

  it('runs a container, reports its stdout as result, its logs and exit code', async () => {
    const sink = new RecordingSink();
    const p = plan({ containers: [bb(['sh', '-c'], ['echo hello; echo oops >&2'])] });
    const obs = await run(t.runtime, p, sink);
    assert.equal(obs.phase, 'Succeeded', obs.message);
    assert.equal(obs.outputs?.result, 'hello');
    assert.equal(obs.outputs?.exitCode, '0');
    assert.equal(sink.logs.get(`${p.podName}/main/stdout`), 'hello\n');
    assert.equal(sink.logs.get(`${p.podName}/main/stderr`), 'oops\n');
    assert.ok(
      sink.of(p.podName).some((o) => o.phase === 'Running' && /^\d+\.\d+\.\d+\.\d+$/.test(o.podIP ?? '')),
    );
    await release(p.podName);
  });

  it('places files before main starts (script, raw artifact) and reads output parameters after', async () => {
    const p = plan({
      containers: [bb(['sh'], ['/argo/staging/script'])],
      files: [
        {
          path: '/argo/staging/script',
          content: 'cat /in/data.txt > /tmp/out.txt; echo -n 42 > /tmp/n\n',
          mode: 0o755,
        },
      ],
      inputArtifacts: [
        { name: 'data', path: '/in/data.txt', spec: { name: 'data', raw: { data: 'from raw\n' } } },
      ],
      outputs: {
        parameters: [
          { name: 'copied', path: '/tmp/out.txt' },
          { name: 'n', path: '/tmp/n' },
          { name: 'missing', path: '/tmp/none', default: 'dflt' },
        ],
        artifacts: [{ name: 'art', path: '/tmp/out.txt' }],
        captureResult: true,
      },
    });
    const obs = await run(t.runtime, p);
    assert.equal(obs.phase, 'Succeeded', obs.message);
    assert.deepEqual(obs.outputs?.parameters, [
      { name: 'copied', value: 'from raw' },
      { name: 'n', value: '42' },
      { name: 'missing', value: 'dflt' },
    ]);
    // The output artifact is saved by the executor to the (default, local) repository, as a tarball.
    const location = (obs.outputs?.artifacts[0]?.location ?? {}) as { local?: { key?: string } };
    const key = location.local?.key ?? '';
    assert.match(key, /art\.tgz$/);
    const saved = gunzipSync(readFileSync(join(t.dir, 'pods', '.argosy-artifacts', key))).toString();
    assert.match(saved, /from raw\n/, 'output artifact saved');
    await release(p.podName);
  });

  it('fails with the exit code, with a missing output file, and with a missing command', async () => {
    const failing = plan({ containers: [bb(['sh', '-c', 'exit 3'])] });
    const missingOut = plan({
      containers: [bb(['true'])],
      outputs: { parameters: [{ name: 'x', path: '/tmp/nope' }], artifacts: [], captureResult: true },
    });
    const noCmd = plan({ containers: [bb(['no-such-command'])] });
    const noInput = plan({
      containers: [bb(['true'])],
      inputArtifacts: [{ name: 'gone', path: '/in/gone', spec: { local: { key: 'no/such/key' } } }],
    });
    const [a, b, c, d] = await Promise.all([
      run(t.runtime, failing),
      run(t.runtime, missingOut),
      run(t.runtime, noCmd),
      run(t.runtime, noInput),
    ]);
    assert.equal(a.phase, 'Failed');
    assert.equal(a.message, 'Error (exit code 3)');
    assert.equal(a.outputs?.exitCode, '3');
    assert.equal(b.phase, 'Error');
    assert.equal(b.message, 'open /tmp/nope: no such file or directory');
    assert.equal(c.phase, 'Failed');
    assert.match(c.message ?? '', /executable file not found in \$PATH/);
    // An input artifact that cannot be loaded: Error before any container starts, as on the host.
    assert.equal(d.phase, 'Error');
    assert.match(d.message ?? '', /^failed to load artifact 'gone': /);
    assert.deepEqual(d.containers, [
      { name: 'main', state: 'terminated', exitCode: 128, reason: 'StartError' },
    ]);
    const created = await t.engine.docker.listContainers({
      all: true,
      filters: { label: [`io.argosy.pod=${noInput.podName}`] },
    });
    assert.equal(created.length, 0, 'no container is created when an input cannot be loaded');
    for (const p of [failing, missingOut, noCmd, noInput]) await release(p.podName);
  });

  it('starts sidecars first on one network with main, and kills them when main ends', async () => {
    const sink = new RecordingSink();
    const p = plan({
      sidecars: [
        bb(['sh', '-c', 'echo up; while true; do echo pong | nc -l -p 8080; done'], [], { name: 'server' }),
      ],
      containers: [
        bb([
          'sh',
          '-c',
          'for i in $(seq 50); do r=$(nc 127.0.0.1 8080 </dev/null) && [ -n "$r" ] && { echo "$r"; exit 0; }; sleep 0.1; done; exit 1',
        ]),
      ],
    });
    const started = Date.now();
    const obs = await run(t.runtime, p, sink);
    assert.equal(obs.phase, 'Succeeded', obs.message);
    assert.equal(obs.outputs?.result, 'pong', 'main reached the sidecar on localhost');
    assert.equal(sink.logs.get(`${p.podName}/server/stdout`), 'up\n', 'sidecar logs kept per container');
    assert.ok(obs.containers.some((c) => c.name === 'server' && c.state === 'terminated'));
    assert.ok(Date.now() - started < 15_000, 'the endless sidecar was killed');
    await release(p.podName);
  });

  it('runs init containers first, sharing an emptyDir volume with main', async () => {
    const mount = { volumeMounts: [{ name: 'work', mountPath: '/work' }] };
    const p = plan({
      volumes: [{ name: 'work', emptyDir: {} }],
      initContainers: [bb(['sh', '-c', 'echo prepared > /work/f'], [], { name: 'prep', extra: mount })],
      containers: [bb(['cat', '/work/f'], [], { extra: mount })],
    });
    const obs = await run(t.runtime, p);
    assert.equal(obs.phase, 'Succeeded', obs.message);
    assert.equal(obs.outputs?.result, 'prepared');
    const failingInit = plan({
      initContainers: [bb(['sh', '-c', 'exit 2'], [], { name: 'prep' })],
      containers: [bb(['echo', 'never'])],
    });
    const failed = await run(t.runtime, failingInit);
    assert.equal(failed.phase, 'Failed');
    assert.equal(failed.message, "init container 'prep' failed: Error (exit code 2)");
    await release(p.podName);
    await release(failingInit.podName);
  });

  it('runs a containerSet in dependency order over a shared volume', async () => {
    const mount = { volumeMounts: [{ name: 'ws', mountPath: '/workspace' }] };
    const p = plan({
      volumes: [{ name: 'ws', emptyDir: {} }],
      containers: [
        bb(['sh', '-c', 'cat /workspace/a /workspace/b'], [], {
          name: 'main',
          extra: { ...mount, dependencies: ['a', 'b'] },
        }),
        bb(['sh', '-c', 'sleep 0.3; echo A > /workspace/a'], [], { name: 'a', extra: mount }),
        bb(['sh', '-c', 'echo B > /workspace/b'], [], { name: 'b', extra: mount }),
      ],
    });
    const obs = await run(t.runtime, p);
    assert.equal(obs.phase, 'Succeeded', obs.message);
    assert.equal(obs.outputs?.result, 'A\nB');
    const broken = plan({
      containers: [
        bb(['echo', 'never'], [], { name: 'main', extra: { dependencies: ['a'] } }),
        bb(['sh', '-c', 'exit 4'], [], { name: 'a' }),
      ],
    });
    const failed = await run(t.runtime, broken);
    assert.equal(failed.phase, 'Failed');
    assert.equal(failed.message, 'Error (exit code 4)');
    assert.deepEqual(failed.containers.find((c) => c.name === 'main')?.state, 'waiting');
    await release(p.podName);
    await release(broken.podName);
  });

  it('stops a pod (terminate) and kills it at its deadline', async () => {
    const stopped = plan({ containers: [bb(['sleep', '60'])] });
    const sink = new RecordingSink();
    await t.runtime.start(stopped, sink);
    await new Promise((r) => setTimeout(r, 800));
    const t0 = Date.now();
    await t.runtime.stop(stopped.podName, 'terminate');
    const obs = await sink.final(stopped.podName);
    assert.equal(obs.phase, 'Failed');
    assert.equal(obs.message, "Stopped with strategy 'Terminate'");
    assert.ok(Date.now() - t0 < 10_000);
    const timed = plan({ containers: [bb(['sleep', '60'])], activeDeadlineSeconds: 1 });
    const deadline = await run(t.runtime, timed);
    assert.equal(deadline.phase, 'Failed');
    assert.equal(deadline.message, 'Pod was active on the node longer than the specified deadline');
    await release(stopped.podName);
    await release(timed.podName);
  });

  it('fails a pod whose image does not exist with an ErrImagePull message', async () => {
    const p = plan({ containers: [container(['true'], [], { image: 'argosy-test/no-such-image:1' })] });
    const obs = await run(t.runtime, p);
    assert.equal(obs.phase, 'Error');
    assert.match(obs.message ?? '', /^ErrImagePull: failed to pull image "argosy-test\/no-such-image:1": /);
    const never = plan({
      containers: [
        container(['true'], [], {
          image: 'argosy-test/no-such-image:1',
          extra: { imagePullPolicy: 'Never' },
        }),
      ],
    });
    const obs2 = await run(t.runtime, never);
    assert.match(obs2.message ?? '', /^ErrImageNeverPull: /);
    await release(p.podName);
    await release(never.podName);
  });

  it('applies memory limits, user and group', async () => {
    const p = plan({
      securityContext: { runAsUser: 1234, runAsGroup: 2345 },
      containers: [
        bb(
          [
            'sh',
            '-c',
            'id -u; id -g; cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max',
          ],
          [],
          { extra: { resources: { limits: { memory: '64Mi' } } } },
        ),
      ],
    });
    const obs = await run(t.runtime, p);
    assert.equal(obs.phase, 'Succeeded', obs.message);
    assert.deepEqual(obs.outputs?.result?.split('\n'), ['1234', '2345', String(64 * 1024 * 1024)]);
    await release(p.podName);
  });
});

describe('container runtime after a controller restart', { skip }, () => {
  it('recovers a pod that finished while no controller listened, and adopts one still running', async () => {
    const first = await testRuntime(engineOrReason as Engine);
    const finished = plan({
      containers: [bb(['sh', '-c', 'echo done; echo -n v > /tmp/p; echo art > /tmp/a'])],
      // Its output artifact is saved by the controller that recovers it, in the plan's repository.
      artifactRepository: { location: { local: { key: 'recovered/prefix' } } },
      outputs: {
        parameters: [{ name: 'p', path: '/tmp/p' }],
        artifacts: [{ name: 'a', path: '/tmp/a' }],
        captureResult: true,
      },
    });
    const running = plan({ containers: [bb(['sh', '-c', 'sleep 2; echo late'])] });
    const sink = new RecordingSink();
    await first.runtime.start(finished, sink);
    await first.runtime.start(running, sink);
    // The first pod's final observation arrives, but the controller dies before storing it.
    await sink.final(finished.podName);
    await first.runtime.close();
    const second = await testRuntime(engineOrReason as Engine, { scope: first.scope });
    try {
      assert.deepEqual(second.runtime.running(), []);
      const recovered = second.runtime.recover(finished.podName);
      assert.equal(recovered?.phase, 'Succeeded');
      assert.equal(recovered?.outputs?.result, 'done');
      assert.deepEqual(recovered?.outputs?.parameters, [{ name: 'p', value: 'v' }]);
      assert.deepEqual(recovered?.outputs?.artifacts, [
        { name: 'a', path: '/tmp/a', location: { local: { key: 'recovered/prefix/a.tgz' } } },
      ]);
      assert.equal(second.runtime.recover(running.podName), undefined, 'still running: not recovered');
      // The workflow starts the lost pod again: the runtime adopts the running container.
      const sink2 = new RecordingSink();
      const obs = await run(second.runtime, running, sink2);
      assert.equal(obs.phase, 'Succeeded', obs.message);
      assert.equal(obs.outputs?.result, 'late');
      const containers = await second.engine.docker.listContainers({
        all: true,
        filters: { label: [`io.argosy.pod=${running.podName}`] },
      });
      assert.equal(containers.length, 1, 'adopted, not started twice');
      second.runtime.release(finished.podName);
      second.runtime.release(running.podName);
    } finally {
      assert.equal(await second.cleanup(), 0, 'released pods leave nothing behind');
      await first.cleanup();
    }
  });

  it('a pod its deadline killed just before the controller went away is recovered as DeadlineExceeded', async () => {
    // CI: two controllers shared a home; the one holding the workflow exited after the deadline
    // killed the step and before it stored that, and the other reported "Error (exit code 137)".
    const first = await testRuntime(engineOrReason as Engine);
    const late = plan({ containers: [bb(['sleep', '60'])], activeDeadlineSeconds: 1 });
    const sink = new RecordingSink();
    await first.runtime.start(late, sink);
    const killed = await sink.final(late.podName);
    assert.equal(killed.message, 'Pod was active on the node longer than the specified deadline');
    await first.runtime.close();
    const second = await testRuntime(engineOrReason as Engine, { scope: first.scope });
    try {
      const recovered = second.runtime.recover(late.podName);
      assert.equal(recovered?.phase, 'Failed');
      assert.equal(recovered?.message, 'Pod was active on the node longer than the specified deadline');
      assert.equal(recovered?.containers?.[0]?.reason, 'DeadlineExceeded');
      second.runtime.release(late.podName);
    } finally {
      assert.equal(await second.cleanup(), 0, 'released pods leave nothing behind');
      await first.cleanup();
    }
  });

  it('closing while a pod is being created waits for it: nothing is created after close, and the next controller runs it once', async () => {
    // CI: a controller handed a workflow over while its container was still being created; the
    // next controller's create collided with it ("that name is already in use").
    const first = await testRuntime(engineOrReason as Engine);
    const p = plan({ containers: [bb(['sh', '-c', 'sleep 1; echo once'])] });
    const listed = async () =>
      (
        await first.engine.docker.listContainers({
          all: true,
          filters: { label: [`${LABEL.pod}=${p.podName}`] },
        })
      ).map((c) => `${c.Id}:${c.State}`);
    await first.runtime.start(p, new RecordingSink());
    await first.runtime.close();
    const atClose = await listed();
    await new Promise((r) => setTimeout(r, 1500));
    const later = (await listed()).map((c) => c.split(':')[0]);
    assert.deepEqual(
      later,
      atClose.map((c) => c.split(':')[0]),
      'no container appears after close()',
    );
    const second = await testRuntime(engineOrReason as Engine, { scope: first.scope });
    try {
      const obs = await run(second.runtime, p, new RecordingSink());
      assert.notEqual(obs.phase, 'Error', obs.message);
      assert.equal(obs.outputs?.result, 'once');
      second.runtime.release(p.podName);
    } finally {
      assert.equal(await second.cleanup(), 0, 'released pods leave nothing behind');
      await first.cleanup();
    }
  });

  it('adopts a pod another controller process started after this one prepared (found at start)', async () => {
    const first = await testRuntime(engineOrReason as Engine);
    const second = await testRuntime(engineOrReason as Engine, { scope: first.scope });
    const running = plan({ containers: [bb(['sh', '-c', 'sleep 2; echo late'])] });
    const ended = plan({ containers: [bb(['sh', '-c', 'echo early'])] });
    try {
      const sink = new RecordingSink();
      await first.runtime.start(running, sink);
      await first.runtime.start(ended, sink);
      await sink.final(ended.podName);
      await first.runtime.close(); // the first controller dies; the second was prepared before
      const obs = await run(second.runtime, running, new RecordingSink());
      assert.equal(obs.phase, 'Succeeded', obs.message);
      assert.equal(obs.outputs?.result, 'late');
      const containers = await second.engine.docker.listContainers({
        all: true,
        filters: { label: [`io.argosy.pod=${running.podName}`] },
      });
      assert.equal(containers.length, 1, 'adopted, not started twice');
      const again = await run(second.runtime, ended, new RecordingSink());
      assert.equal(again.outputs?.result, 'early', 'a finished one is recovered, not run again');
      second.runtime.release(running.podName);
      second.runtime.release(ended.podName);
    } finally {
      assert.equal(await second.cleanup(), 0, 'released pods leave nothing behind');
      await first.cleanup();
    }
  });

  it("leaves another live controller's pod that is being created alone; replaces it when started by name", async () => {
    const first = await testRuntime(engineOrReason as Engine);
    const p = plan({ containers: [bb(['sh', '-c', 'echo fresh'])] });
    // What a live controller has made so far: the main container, created and not yet started.
    const labels = {
      [LABEL.managedBy]: MANAGED_BY,
      [LABEL.scope]: scopeId(first.scope),
      [LABEL.pod]: p.podName,
      [LABEL.container]: 'main',
      [LABEL.role]: 'main',
    };
    const created = await first.engine.docker.createContainer({
      Image: 'busybox',
      Cmd: ['true'],
      Labels: labels,
      name: `argosy-${scopeId(first.scope)}-${p.podName}-being-created`,
    });
    const second = await testRuntime(engineOrReason as Engine, { scope: first.scope });
    try {
      const info = await created.inspect().catch(() => undefined);
      assert.ok(info, "a second controller's start-up scan must not remove a pod it does not own");
      const obs = await run(second.runtime, p, new RecordingSink());
      assert.equal(obs.phase, 'Succeeded', obs.message);
      assert.equal(obs.outputs?.result, 'fresh');
      assert.equal(
        await created.inspect().catch(() => undefined),
        undefined,
        'the stale half-made pod is gone',
      );
      second.runtime.release(p.podName);
    } finally {
      assert.equal(await second.cleanup(), 0, 'released pods leave nothing behind');
      await first.cleanup();
    }
  });

  it("lists volumes by every label asked (podman's volume list ORs label filters)", async () => {
    const { docker } = engineOrReason as Engine;
    const mine = { [LABEL.managedBy]: MANAGED_BY, [LABEL.scope]: 'probe-a', [LABEL.workflowUid]: 'u1' };
    const names = ['argosy-probe-a-u1', 'argosy-probe-a-u2', 'argosy-probe-b-u1'];
    await docker.createVolume({ Name: names[0], Labels: mine });
    await docker.createVolume({ Name: names[1], Labels: { ...mine, [LABEL.workflowUid]: 'u2' } });
    await docker.createVolume({ Name: names[2], Labels: { ...mine, [LABEL.scope]: 'probe-b' } });
    try {
      const found = await listVolumesLabelled(docker, {
        [LABEL.scope]: 'probe-a',
        [LABEL.workflowUid]: 'u1',
      });
      assert.deepEqual(
        found.map((v) => v.Name),
        [names[0]],
      );
    } finally {
      await Promise.all(
        names.map((n) =>
          docker
            .getVolume(n)
            .remove()
            .catch(() => {}),
        ),
      );
    }
  });
});
