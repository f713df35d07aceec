/**
 * The native spawner makes a view's mount namespace once and enters it for later steps with the
 * same view (native/namespace-cache.c). These tests run real steps through HostRuntime with a base
 * directory outside /tmp (under /tmp, a pod's HOME is bound into its view and nothing is reused).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HostRuntime } from './host-runtime.js';
import { findSpawner } from './spawner-client.js';
import { container, plan, RecordingSink, run } from './test-helpers.js';

const base = mkdtempSync(join(homedir(), '.argosy-ns-reuse-'));
const runtime = new HostRuntime({ baseDir: join(base, 'pods'), spawner: 'native' });
const isRoot = process.getuid?.() === 0;
let skip: string | false =
  findSpawner() === undefined ? 'the native spawner is not built (npm run build:native)' : false;

before(async () => {
  if (!skip && (await runtime.isolation()).mode !== 'namespace')
    skip = 'this kernel gives steps no mount namespace';
  if (skip) console.log(`# namespace reuse: skipped: ${skip}`);
});
after(async () => {
  await runtime.close();
  rmSync(base, { recursive: true, force: true });
});

/** Runs `sh -c script` as a step; returns its stdout (trimmed) and phase. */
async function sh(script: string, extra: Parameters<typeof plan>[0] = {}) {
  const sink = new RecordingSink();
  const p = plan({ containers: [container(['sh', '-c', script])], ...extra });
  const final = await run(runtime, p, sink);
  await runtime.settled(); // its directory is back in the pool for the next step
  return { phase: final.phase, out: (sink.logs.get(`${p.podName}/main/stdout`) ?? '').trim(), final };
}

const nsOf = 'readlink /proc/self/ns/mnt';

describe('HostRuntime: reused mount namespaces', () => {
  it('a later step with the same view enters the namespace the earlier one ran in', async (t) => {
    if (skip) return t.skip(skip);
    // The first step's fresh directory is not made reusable; once pooled, the next makes it so.
    await sh(nsOf);
    const second = await sh(nsOf);
    const third = await sh(nsOf);
    assert.equal(second.phase, 'Succeeded');
    assert.match(second.out, /^mnt:\[\d+\]$/);
    assert.equal(third.out, second.out);
    assert.notEqual(third.out, readlinkSync('/proc/self/ns/mnt'), 'steps are not in the host namespace');
  });

  it('still isolates: what a step leaves in /tmp is gone for the next, and outputs are read from it', async (t) => {
    if (skip) return t.skip(skip);
    const wrote = await sh('echo secret > /tmp/left.txt; echo out > /tmp/param.txt', {
      outputs: {
        parameters: [{ name: 'p', path: '/tmp/param.txt' }],
        artifacts: [],
        captureResult: false,
      },
    });
    assert.equal(wrote.phase, 'Succeeded');
    assert.equal(wrote.final.outputs?.parameters?.[0]?.value, 'out');
    const next = await sh('test -e /tmp/left.txt && echo found || echo absent');
    assert.equal(next.out, 'absent');
  });

  it('what a step leaves in HOME, /argo or beside HOME is gone for the next', async (t) => {
    if (skip) return t.skip(skip);
    for (const place of ['$HOME/left', '/argo/left', '$HOME/../left']) {
      await sh(`echo x > ${place}`);
      const next = await sh(`test -e ${place} && echo found || echo absent`);
      assert.equal(next.out, 'absent', place);
    }
  });

  it('two steps running at once each get their own /tmp', async (t) => {
    if (skip) return t.skip(skip);
    const [a, b] = await Promise.all([
      sh('echo a > /tmp/x; sleep 0.2; cat /tmp/x'),
      sh('echo b > /tmp/x; sleep 0.2; cat /tmp/x'),
    ]);
    assert.deepEqual([a.out, b.out], ['a', 'b']);
  });

  it('a mount made by a step is not seen by the next step with the same view', async (t) => {
    if (skip) return t.skip(skip);
    if (!isRoot) return t.skip('needs root (a step mounts a tmpfs)');
    const target = join(base, 'mnt-by-step');
    mkdirSync(target, { recursive: true });
    await sh(nsOf);
    const before = await sh(nsOf);
    const mounted = await sh(`mount -t tmpfs none ${target} && touch ${target}/mine && ${nsOf}`);
    assert.equal(mounted.phase, 'Succeeded', mounted.out);
    assert.equal(mounted.out, before.out, 'the mounting step ran in the reused namespace');
    // (Namespace numbers are recycled once one is freed, so the next step's says nothing here.)
    const after = await sh(`test -e ${target}/mine && echo seen || echo clean`);
    assert.equal(after.out, 'clean');
  });

  it('a mount made on the host after the namespace was made is seen by later steps', async (t) => {
    if (skip) return t.skip(skip);
    if (!isRoot) return t.skip('needs root (the test mounts a tmpfs on the host)');
    const target = join(base, 'mnt-on-host');
    mkdirSync(target, { recursive: true });
    await sh(nsOf);
    await sh(nsOf); // a reused namespace exists before the host mount
    const mount = spawnSync('mount', ['-t', 'tmpfs', 'none', target]);
    if (mount.status !== 0) return t.skip(`mount(8) failed: ${mount.stderr}`);
    try {
      writeFileSync(join(target, 'hello'), 'from the host');
      const seen = await sh(`cat ${target}/hello`);
      assert.equal(seen.out, 'from the host');
    } finally {
      spawnSync('umount', [target]);
    }
  });
});
