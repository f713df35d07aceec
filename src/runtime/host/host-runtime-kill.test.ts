import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe as describeTest, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { HostRuntime } from './host-runtime.js';
import { MAX_RESULT_BYTES } from './output-capture.js';
import { findSpawner } from './spawner-client.js';
import { container, plan, RecordingSink, run, tempBase } from './test-helpers.js';

/** Is this PID a live (non-zombie) process? */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

// Every behaviour, through both launchers: the native spawner and Node's child_process fallback.
for (const spawner of ['native', 'node'] as const) suite(spawner);

function suite(spawner: 'native' | 'node'): void {
  const base = tempBase();
  const built = spawner === 'node' || findSpawner() !== undefined;
  const launcher = built ? spawner : 'node';
  const runtime = new HostRuntime({
    baseDir: base.dir,
    killGraceMs: 300,
    maxLogBytes: 1024 * 1024,
    spawner: launcher,
  });
  after(async () => {
    await runtime.close();
    base.cleanup();
  });
  const describe = (name: string, fn: () => void) =>
    built
      ? describeTest(`${name} [${spawner}]`, fn)
      : describeTest.skip(`${name} [${spawner}: not built, run npm run build:native]`, fn);

  /** Starts a step that prints its children's PIDs, waits until they are printed, returns them. */
  async function startWithGrandchildren(sink: RecordingSink, extra: { activeDeadlineSeconds?: number } = {}) {
    const p = plan({
      containers: [
        container(['sh', '-c', 'sleep 100 & echo $!; sh -c "sleep 100 & echo \\$!; wait" & wait']),
      ],
      ...extra,
    });
    await runtime.start(p, sink);
    const key = `${p.podName}/main/stdout`;
    for (let i = 0; i < 200 && (sink.logs.get(key) ?? '').split('\n').length < 3; i++) await sleep(10);
    const pids = (sink.logs.get(key) ?? '').trim().split('\n').map(Number);
    assert.equal(pids.length, 2);
    for (const pid of pids) assert.ok(alive(pid), `child ${pid} runs`);
    return { p, pids };
  }

  describe('HostRuntime: stopping and deadlines', () => {
    it('stop() kills the whole process group, grandchildren included, and reports Failed', async () => {
      const sink = new RecordingSink();
      const { p, pids } = await startWithGrandchildren(sink);
      assert.deepEqual(runtime.running().includes(p.podName), true);
      await runtime.stop(p.podName, 'terminate');
      const final = await sink.final(p.podName);
      assert.equal(final.phase, 'Failed');
      assert.equal(final.message, "Stopped with strategy 'Terminate'");
      assert.equal(runtime.running().includes(p.podName), false);
      await sleep(50);
      for (const pid of pids) assert.equal(alive(pid), false, `grandchild ${pid} is gone`);
    });

    it('kills a step past activeDeadlineSeconds, with Argo’s message', async () => {
      const sink = new RecordingSink();
      const started = Date.now();
      const { p, pids } = await startWithGrandchildren(sink, { activeDeadlineSeconds: 1 });
      const final = await sink.final(p.podName);
      assert.ok(Date.now() - started < 5000);
      assert.equal(final.phase, 'Failed');
      assert.equal(final.message, 'Pod was active on the node longer than the specified deadline');
      assert.equal(final.containers[0]?.reason, 'DeadlineExceeded');
      await sleep(50);
      for (const pid of pids) assert.equal(alive(pid), false);
    });

    it('SIGKILLs a step that ignores SIGTERM after the grace period', async () => {
      const sink = new RecordingSink();
      const p = plan({
        containers: [container(['sh', '-c', 'trap "" TERM; echo ready; while :; do sleep 0.05; done'])],
      });
      await runtime.start(p, sink);
      while (!sink.logs.get(`${p.podName}/main/stdout`)) await sleep(10);
      const t0 = Date.now();
      await runtime.stop(p.podName, 'stop');
      assert.ok(Date.now() - t0 >= 250, 'waited for the grace period');
      const final = await sink.final(p.podName);
      assert.equal(final.phase, 'Failed');
      assert.equal(final.containers[0]?.exitCode, 137);
    });

    it('kills what a finished step left running in its group', async () => {
      const sink = new RecordingSink();
      const p = plan({ containers: [container(['sh', '-c', 'sleep 100 & echo $!'])] });
      const final = await run(runtime, p, sink);
      assert.equal(final.phase, 'Succeeded');
      const pid = Number(final.outputs?.result);
      await sleep(50);
      assert.equal(alive(pid), false);
    });

    it('close() stops every running pod', async () => {
      const local = new HostRuntime({ baseDir: base.dir, killGraceMs: 200, spawner: launcher });
      const sink = new RecordingSink();
      const p = plan({ containers: [container(['sleep', '100'])] });
      await local.start(p, sink);
      await local.close();
      const final = await sink.final(p.podName);
      assert.equal(final.phase, 'Error');
      assert.equal(final.message, 'pod deleted');
      assert.deepEqual(local.running(), []);
    });

    it('stopping an unknown or finished pod is a no-op', async () => {
      await runtime.stop('no-such-pod', 'stop');
    });
  });

  describe('HostRuntime: large output', () => {
    it('survives 100 MB of stdout: logs capped, result is the last 256 KiB', async () => {
      const sink = new RecordingSink();
      const p = plan({
        containers: [container(['sh', '-c', 'head -c 100000000 /dev/zero | tr "\\0" x; echo; echo END'])],
      });
      const final = await run(runtime, p, sink);
      assert.equal(final.phase, 'Succeeded');
      const result = final.outputs?.result ?? '';
      assert.equal(Buffer.byteLength(result), MAX_RESULT_BYTES);
      assert.ok(result.endsWith('x\nEND'));
      const logged = sink.logBytes.get(`${p.podName}/main/stdout`) ?? 0;
      assert.ok(logged <= 1024 * 1024 + 200, `logged ${logged} bytes`);
      assert.match(sink.logs.get(`${p.podName}/main/stdout`) ?? '', /log truncated after 1048576 bytes/);
      // The runtime is still healthy afterwards.
      assert.equal((await run(runtime, plan())).phase, 'Succeeded');
    });
  });
}
