import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe as describeTest, it } from 'node:test';
import { HostRuntime } from './host-runtime.js';
import { findSpawner } from './spawner-client.js';
import { container, plan, RecordingSink, run, tempBase } from './test-helpers.js';

// Every behaviour, through both launchers: the native spawner and Node's child_process fallback.
for (const spawner of ['native', 'node'] as const) suite(spawner);

function suite(spawner: 'native' | 'node'): void {
  const base = tempBase();
  const built = spawner === 'node' || findSpawner() !== undefined;
  const runtime = new HostRuntime({ baseDir: base.dir, spawner: built ? spawner : 'node' });
  let isolated = false;

  before(async () => {
    isolated = (await runtime.isolation()).mode === 'namespace';
  });
  after(async () => {
    await runtime.close();
    base.cleanup();
  });
  const describe = (name: string, fn: () => void) =>
    built
      ? describeTest(`${name} [${spawner}]`, fn)
      : describeTest.skip(`${name} [${spawner}: not built, run npm run build:native]`, fn);

  describe('HostRuntime: running a step', () => {
    it('runs hello world: Running then Succeeded, stdout as result and logs', async () => {
      const sink = new RecordingSink();
      const p = plan({ containers: [container(['echo'], ['hello world'])] });
      const final = await run(runtime, p, sink);
      const [running] = sink.of(p.podName);
      assert.equal(running?.phase, 'Running');
      assert.ok(running?.startedAt);
      assert.equal(final.phase, 'Succeeded');
      assert.ok(final.finishedAt);
      assert.equal(final.outputs?.result, 'hello world');
      assert.equal(final.outputs?.exitCode, '0');
      assert.deepEqual(final.containers, [
        { name: 'main', state: 'terminated', exitCode: 0, reason: 'Completed' },
      ]);
      assert.equal(sink.logs.get(`${p.podName}/main/stdout`), 'hello world\n');
      assert.deepEqual(runtime.running(), []);
      // The scratch directory is removed off the event loop, shortly after the final observation.
      for (let i = 0; i < 100 && existsSync(`${base.dir}/${p.podName}`); i++)
        await new Promise((r) => setTimeout(r, 10));
      assert.equal(existsSync(`${base.dir}/${p.podName}`), false, 'scratch directory removed');
    });

    it('streams stderr separately', async () => {
      const sink = new RecordingSink();
      const p = plan({ containers: [container(['sh', '-c', 'echo out; echo err >&2'])] });
      await run(runtime, p, sink);
      assert.equal(sink.logs.get(`${p.podName}/main/stdout`), 'out\n');
      assert.equal(sink.logs.get(`${p.podName}/main/stderr`), 'err\n');
    });

    it('reports a non-zero exit as Failed "Error (exit code N)"', async () => {
      const final = await run(
        runtime,
        plan({ containers: [container(['sh', '-c', 'echo partial; exit 3'])] }),
      );
      assert.equal(final.phase, 'Failed');
      assert.equal(final.message, 'Error (exit code 3)');
      assert.equal(final.containers[0]?.exitCode, 3);
      assert.equal(final.outputs?.exitCode, '3');
      assert.equal(final.outputs?.result, 'partial');
    });

    it('reports a process killed by a signal as Failed with the signal', async () => {
      const final = await run(runtime, plan({ containers: [container(['sh', '-c', 'kill -KILL $$'])] }));
      assert.equal(final.phase, 'Failed');
      assert.equal(final.message, 'Error (exit code 137): killed by signal SIGKILL');
      assert.equal(final.containers[0]?.reason, 'Signal 9');
      assert.equal(final.outputs?.exitCode, '137');
    });

    it('fails a command that does not exist with Argo’s message', async () => {
      const final = await run(runtime, plan({ containers: [container(['no-such-command-argosy'], ['x'])] }));
      assert.equal(final.phase, 'Failed');
      assert.equal(
        final.message,
        'failed to find name in PATH: exec: "no-such-command-argosy": executable file not found in $PATH',
      );
      assert.equal(final.containers[0]?.exitCode, 127);
    });

    it('passes argv without a shell, env over a minimal base, HOME in the scratch dir, workingDir', async () => {
      const p = plan({
        containers: [
          container(
            ['python3', '-c', 'import os,sys; print(sys.argv[1:], os.environ["GREETING"], os.getcwd())'],
            ['a b', '$HOME;'],
            {
              env: [{ name: 'GREETING', value: 'hi there' }],
              workingDir: '/tmp/work/dir',
            },
          ),
        ],
      });
      const final = await run(runtime, p);
      assert.equal(final.outputs?.result, "['a b', '$HOME;'] hi there /tmp/work/dir");
      const env = await run(
        runtime,
        plan({ containers: [container(['sh', '-c', 'echo "$HOME|$ARGO_POD_NAME|$PATH"'])] }),
      );
      const [home, podName, path] = (env.outputs?.result ?? '').split('|');
      assert.match(home ?? '', /\/home$/);
      assert.match(podName ?? '', /^wf-/);
      assert.ok(path);
    });

    it('trims one trailing newline from the result, like Argo', async () => {
      const final = await run(runtime, plan({ containers: [container(['printf'], ['a\\n\\n'])] }));
      assert.equal(final.outputs?.result, 'a\n');
    });

    it('does not capture the result when the plan does not ask for it', async () => {
      const p = plan({ containers: [container(['echo', 'x'])] });
      p.outputs.captureResult = false;
      const final = await run(runtime, p);
      assert.equal(final.outputs?.result, undefined);
    });

    it('is idempotent when the same pod is started twice', async () => {
      const sink = new RecordingSink();
      const p = plan({ containers: [container(['sleep', '0.2'])] });
      await runtime.start(p, sink);
      await runtime.start(p, sink);
      await sink.final(p.podName);
      assert.equal(sink.of(p.podName).filter((o) => o.phase === 'Running').length, 1);
    });
  });

  describe('HostRuntime: files and outputs at absolute paths', () => {
    it('reads an output parameter from a /tmp path (hello world with tee)', async () => {
      const p = plan({
        containers: [container(['sh', '-c', 'echo hi | tee /tmp/hello_world.txt'])],
        outputs: {
          parameters: [{ name: 'hello-param', path: '/tmp/hello_world.txt' }],
          artifacts: [],
          captureResult: true,
        },
      });
      const final = await run(runtime, p);
      assert.equal(final.phase, 'Succeeded');
      assert.deepEqual(final.outputs?.parameters, [{ name: 'hello-param', value: 'hi' }]);
    });

    it('uses the default of a missing output parameter, and fails without one', async () => {
      const outputs = (withDefault: boolean) => ({
        parameters: [
          { name: 'p', path: '/tmp/never-written.txt', ...(withDefault ? { default: 'fallback' } : {}) },
        ],
        artifacts: [],
        captureResult: false,
      });
      const ok = await run(runtime, plan({ containers: [container(['true'])], outputs: outputs(true) }));
      assert.equal(ok.phase, 'Succeeded');
      assert.deepEqual(ok.outputs?.parameters, [{ name: 'p', value: 'fallback' }]);
      const bad = await run(runtime, plan({ containers: [container(['true'])], outputs: outputs(false) }));
      assert.equal(bad.phase, 'Error');
      assert.equal(bad.message, 'open /tmp/never-written.txt: no such file or directory');
    });

    it('places a script at /argo/staging/script and runs it with python3 and with sh', async () => {
      const py = plan({
        containers: [container(['python3'], ['/argo/staging/script'])],
        files: [{ path: '/argo/staging/script', content: 'import random\nprint(6 * 7)\n', mode: 0o755 }],
      });
      assert.equal((await run(runtime, py)).outputs?.result, '42');
      const sh = plan({
        containers: [container(['sh'], ['/argo/staging/script'])],
        files: [{ path: '/argo/staging/script', content: 'echo "from sh: $0"\n', mode: 0o755 }],
      });
      assert.equal((await run(runtime, sh)).outputs?.result, 'from sh: /argo/staging/script');
    });

    it('places a raw input artifact at /bin/kubectl while /bin keeps its contents', async (t) => {
      if (!isolated) return t.skip('no mount namespace on this machine');
      const before = readFileSync('/bin/sh');
      const p = plan({
        containers: [container(['sh', '-c', 'cat /bin/kubectl; echo; ls /bin/sh'])],
        inputArtifacts: [
          { name: 'kubectl', path: '/bin/kubectl', spec: { raw: { data: 'not really kubectl' } } },
        ],
      });
      const final = await run(runtime, p);
      assert.equal(final.outputs?.result, 'not really kubectl\n/bin/sh');
      assert.deepEqual(readFileSync('/bin/sh'), before);
      assert.notEqual(
        existsSync('/bin/kubectl') ? readFileSync('/bin/kubectl', 'utf8') : '',
        'not really kubectl',
      );
    });

    it('reads an output parameter from a directory that does not exist on the host (/mnt/out)', async (t) => {
      if (!isolated) return t.skip('no mount namespace on this machine');
      const p = plan({
        containers: [container(['sh', '-c', 'mkdir -p /mnt/argosy-out && echo 7 > /mnt/argosy-out/n'])],
        outputs: {
          parameters: [{ name: 'n', path: '/mnt/argosy-out/n' }],
          artifacts: [],
          captureResult: false,
        },
      });
      const final = await run(runtime, p);
      assert.deepEqual(final.outputs?.parameters, [{ name: 'n', value: '7' }]);
      assert.equal(existsSync('/mnt/argosy-out'), false);
    });

    it('gives two parallel steps their own /tmp/out.txt and leaves the host’s untouched', async (t) => {
      if (!isolated) return t.skip('no mount namespace on this machine');
      const hostFile = '/tmp/out.txt';
      const hadHostFile = existsSync(hostFile);
      const previous = hadHostFile ? readFileSync(hostFile, 'utf8') : undefined;
      if (!hadHostFile) writeFileSync(hostFile, 'host content\n');
      try {
        const step = (name: string) =>
          plan({
            containers: [container(['sh', '-c', `echo ${name} > /tmp/out.txt; sleep 0.3; cat /tmp/out.txt`])],
            outputs: {
              parameters: [{ name: 'out', path: '/tmp/out.txt' }],
              artifacts: [],
              captureResult: true,
            },
          });
        const [a, b] = await Promise.all([run(runtime, step('a')), run(runtime, step('b'))]);
        assert.equal(a.outputs?.result, 'a');
        assert.equal(b.outputs?.result, 'b');
        assert.deepEqual(a.outputs?.parameters, [{ name: 'out', value: 'a' }]);
        assert.deepEqual(b.outputs?.parameters, [{ name: 'out', value: 'b' }]);
        assert.equal(readFileSync(hostFile, 'utf8'), previous ?? 'host content\n');
      } finally {
        if (!hadHostFile) rmSync(hostFile, { force: true });
      }
    });

    it('never shows a pod what an earlier pod left in /tmp, /argo or HOME (scratch directories are reused)', async (t) => {
      if (!isolated) return t.skip('no mount namespace on this machine');
      const leak = plan({
        containers: [
          container(['sh', '-c', 'echo s > /tmp/leak; echo s > "$HOME/leak"; mkdir -p /argo/leak']),
        ],
      });
      assert.equal((await run(runtime, leak)).phase, 'Succeeded');
      for (let i = 0; i < 3; i++) await run(runtime, plan({ containers: [container(['true'])] }));
      const check = plan({
        containers: [
          container([
            'sh',
            '-c',
            'test ! -e /tmp/leak && test ! -e "$HOME/leak" && test ! -e /argo/leak && echo clean',
          ]),
        ],
      });
      assert.equal((await run(runtime, check)).outputs?.result, 'clean');
    });

    it('saves output artifacts to the local repository and reports their key-only location', async () => {
      const p = plan({
        containers: [container(['sh', '-c', 'echo data > /tmp/art.txt'])],
        artifactRepository: { location: { local: { key: 'wf/prefix' } } },
        outputs: {
          parameters: [],
          artifacts: [
            { name: 'a', path: '/tmp/art.txt' },
            { name: 'opt', path: '/tmp/missing.txt', optional: true },
          ],
          captureResult: false,
        },
      });
      const final = await run(runtime, p);
      assert.equal(final.phase, 'Succeeded');
      const [art] = final.outputs?.artifacts ?? [];
      assert.equal(art?.name, 'a');
      const location = art?.location as { local: { key: string } };
      assert.equal(location.local.key, 'wf/prefix/a.tgz');
      assert.ok(existsSync(join(base.dir, '.argosy-artifacts', 'wf', 'prefix', 'a.tgz')));
      assert.equal(final.outputs?.artifacts.length, 1, 'the missing optional artifact is left out');
    });
  });
}
