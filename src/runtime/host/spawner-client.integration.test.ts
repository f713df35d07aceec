import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { pidRecordTail, processStartTime } from './orphans.js';
import { findSpawner, SpawnerClient, type StepEnd } from './spawner-client.js';
import type { SpawnRequest } from './spawner-protocol.js';
import { tempBase } from './test-helpers.js';

const base = tempBase('argosy-spawner-');
let binary: string | undefined;
const clients: SpawnerClient[] = [];

before(() => {
  binary = findSpawner();
  if (!binary) {
    // A fresh checkout without `npm run build`: build it the way the build does.
    const script = fileURLToPath(new URL('../../../scripts/build-native.mjs', import.meta.url));
    spawnSync(process.execPath, [script], { stdio: 'inherit' });
    binary = findSpawner();
  }
});
after(() => {
  for (const c of clients) c.close();
  base.cleanup();
});

function client(): SpawnerClient {
  const c = new SpawnerClient(binary!);
  clients.push(c);
  return c;
}

interface Ran {
  id: number;
  pid: Promise<number | undefined>;
  end: Promise<StepEnd>;
  stdout: () => Buffer;
  stderr: () => string;
}

function start(c: SpawnerClient, argv: string[], extra: Partial<Omit<SpawnRequest, 'id'>> = {}): Ran {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let started!: (pid: number | undefined) => void;
  const pid = new Promise<number | undefined>((r) => {
    started = r;
  });
  let ended!: (e: StepEnd) => void;
  const end = new Promise<StepEnd>((r) => {
    ended = r;
  });
  const id = c.spawn(
    {
      isolate: false,
      userNamespace: false,
      home: base.dir,
      workingDir: '',
      argv,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
      mounts: [],
      pidFile: '',
      pidTail: '',
      ...extra,
    },
    {
      onStarted: (p) => started(p),
      onStdout: (b) => out.push(b),
      onStderr: (b) => err.push(b),
      onExit: (e) => {
        started(undefined);
        ended(e);
      },
    },
  );
  return {
    id,
    pid,
    end,
    stdout: () => Buffer.concat(out),
    stderr: () => Buffer.concat(err).toString('utf8'),
  };
}

function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

async function waitFor(check: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await sleep(10);
}

describe('native step spawner', () => {
  it('passes argv and env with spaces, quotes, newlines and non-ASCII intact', async (t) => {
    if (!binary) return t.skip('no C compiler: the spawner could not be built');
    const c = client();
    const args = ['a b', 'it\'s "quoted"', 'two\nlines', 'ünï', '', '$HOME;`x`'];
    const ran = start(
      c,
      ['sh', '-c', 'for a in "$@"; do printf "%s\\0" "$a"; done; printf "%s" "$V"', 'sh', ...args],
      {
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', V: 'v=1\n"2"' },
      },
    );
    const end = await ran.end;
    assert.deepEqual(end, { exitCode: 0, signal: null, status: '' });
    const parts = ran.stdout().toString('utf8').split('\0');
    assert.deepEqual(parts.slice(0, args.length), args);
    assert.equal(parts[args.length], 'v=1\n"2"');
  });

  it('refuses a NUL byte in argv without breaking the framing for the next step', async (t) => {
    if (!binary) return t.skip('no C compiler: the spawner could not be built');
    const c = client();
    const bad = await start(c, ['echo', 'nul\0inside']).end;
    assert.match(bad.status, /NUL byte/);
    const good = start(c, ['echo', 'after']);
    assert.equal((await good.end).exitCode, 0);
    assert.equal(good.stdout().toString(), 'after\n');
  });

  it('reports exit codes, signals, a missing command and a setup failure', async (t) => {
    if (!binary) return t.skip('no C compiler: the spawner could not be built');
    const c = client();
    assert.deepEqual(await start(c, ['sh', '-c', 'exit 42']).end, { exitCode: 42, signal: null, status: '' });
    assert.equal((await start(c, ['sh', '-c', 'kill -KILL $$']).end).signal, 'SIGKILL');
    assert.equal((await start(c, ['no-such-command-argosy']).end).status, 'notfound no-such-command-argosy');
    assert.equal((await start(c, ['/no/such/bin']).end).status, 'notfound /no/such/bin');
    const wd = await start(c, ['true'], { workingDir: '/proc/argosy-cannot-exist' }).end;
    assert.equal(wd.status, 'setup: cannot enter workingDir /proc/argosy-cannot-exist');
    const created = start(c, ['pwd'], { workingDir: join(base.dir, 'made/here') });
    assert.equal((await created.end).exitCode, 0);
    assert.equal(created.stdout().toString(), `${join(base.dir, 'made/here')}\n`);
  });

  it('streams output as it arrives, before the step ends', async (t) => {
    if (!binary) return t.skip('no C compiler: the spawner could not be built');
    const c = client();
    const ran = start(c, ['sh', '-c', 'echo first; echo oops >&2; sleep 0.5; echo second']);
    await waitFor(() => ran.stdout().length > 0 && ran.stderr().length > 0);
    assert.equal(ran.stdout().toString(), 'first\n');
    assert.equal(ran.stderr(), 'oops\n');
    await ran.end;
    assert.equal(ran.stdout().toString(), 'first\nsecond\n');
  });

  it('kills a step’s whole process group on request, and what it leaves behind when it exits', async (t) => {
    if (!binary) return t.skip('no C compiler: the spawner could not be built');
    const c = client();
    const ran = start(c, ['sh', '-c', 'sleep 100 & echo $!; wait']);
    await waitFor(() => ran.stdout().toString().endsWith('\n'));
    const grandchild = Number(ran.stdout().toString());
    const pid = (await ran.pid)!;
    assert.ok(alive(pid) && alive(grandchild));
    c.kill(ran.id, 'SIGTERM');
    assert.equal((await ran.end).signal, 'SIGTERM');
    await waitFor(() => !alive(grandchild));
    assert.equal(alive(grandchild), false);

    const leaves = start(c, ['sh', '-c', 'sleep 100 & echo $!']);
    assert.equal((await leaves.end).exitCode, 0);
    const left = Number(leaves.stdout().toString());
    await waitFor(() => !alive(left));
    assert.equal(alive(left), false, 'what the step left in its group died with it');
  });

  it('relays 50 MB of output exactly, interleaved with stderr', async (t) => {
    if (!binary) return t.skip('no C compiler: the spawner could not be built');
    const c = client();
    const ran = start(c, ['sh', '-c', 'head -c 50000000 /dev/zero; echo done >&2']);
    const end = await ran.end;
    assert.equal(end.exitCode, 0);
    const out = ran.stdout();
    assert.equal(out.length, 50_000_000);
    assert.equal(out.indexOf(1), -1);
    assert.equal(ran.stderr(), 'done\n');
  });

  it('runs 200 steps at once, each with its own output and end', async (t) => {
    if (!binary) return t.skip('no C compiler: the spawner could not be built');
    const c = client();
    const runs = Array.from({ length: 200 }, (_, i) => start(c, ['sh', '-c', `echo ${i}; exit ${i % 7}`]));
    const ends = await Promise.all(runs.map((r) => r.end));
    ends.forEach((e, i) => {
      assert.equal(e.exitCode, i % 7);
      assert.equal(runs[i]!.stdout().toString(), `${i}\n`);
    });
  });

  it('reports steps in flight as errors when the spawner dies, kills them, and restarts', async (t) => {
    if (!binary) return t.skip('no C compiler: the spawner could not be built');
    const c = client();
    const ran = start(c, ['sleep', '100']);
    const pid = (await ran.pid)!;
    const first = c.pid!;
    process.kill(first, 'SIGKILL');
    const end = await ran.end;
    assert.equal(end.exitCode, null);
    assert.match(end.status, /step spawner exited unexpectedly \(signal SIGKILL\)/);
    await waitFor(() => !alive(pid));
    assert.equal(alive(pid), false);
    const again = start(c, ['echo', 'back']);
    assert.equal((await again.end).exitCode, 0);
    assert.equal(again.stdout().toString(), 'back\n');
    assert.notEqual(c.pid, first);
  });

  it('ignores a terminal’s SIGINT (the controller decides), in its own process group', async (t) => {
    if (!binary) return t.skip('no C compiler: the spawner could not be built');
    const c = client();
    const ran = start(c, ['sleep', '0.3']);
    await ran.pid;
    const pgid = Number(readFileSync(`/proc/${c.pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[2]);
    assert.equal(pgid, c.pid, 'its own process group');
    process.kill(c.pid!, 'SIGINT');
    assert.deepEqual(await ran.end, { exitCode: 0, signal: null, status: '' });
  });

  it('kills its steps and exits when the runtime closes it', async (t) => {
    if (!binary) return t.skip('no C compiler: the spawner could not be built');
    const c = client();
    const ran = start(c, ['sleep', '100']);
    const pid = (await ran.pid)!;
    c.close();
    const end = await ran.end;
    assert.match(end.status, /step spawner exited/);
    await waitFor(() => !alive(pid));
    assert.equal(alive(pid), false);
  });

  it('mounts the pod view in a private namespace: /tmp is the pod’s, the host’s is untouched', async (t) => {
    if (!binary) return t.skip('no C compiler: the spawner could not be built');
    if (process.getuid?.() !== 0)
      return t.skip('needs root (the user-namespace path is probed by HostRuntime)');
    const c = client();
    const scratch = join(base.dir, 'scratch-tmp');
    mkdirSync(scratch, { recursive: true });
    const marker = `argosy-spawner-${process.pid}`;
    const ran = start(c, ['sh', '-c', `echo private > /tmp/${marker}; ls /tmp`], {
      isolate: true,
      home: '/',
      mounts: [{ kind: 'rbind', source: scratch, target: '/tmp', data: '', mkdir: false }],
    });
    assert.deepEqual(await ran.end, { exitCode: 0, signal: null, status: '' });
    assert.equal(ran.stdout().toString(), `${marker}\n`);
    assert.equal(readFileSync(join(scratch, marker), 'utf8'), 'private\n');
    assert.equal(existsSync(`/tmp/${marker}`), false);
  });

  it('has the step write its pid record as it starts, and blanks it once the step is reaped', async (t) => {
    if (!binary) return t.skip('no C compiler: the spawner could not be built');
    const c = client();
    const podDir = join(base.dir, 'pid-record');
    mkdirSync(podDir, { recursive: true });
    const pidFile = join(podDir, 'pid.json');
    const ran = start(c, ['sleep', '100'], { pidFile, pidTail: pidRecordTail() });
    const pid = (await ran.pid)!;
    await waitFor(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '');
    const text = readFileSync(pidFile, 'utf8');
    assert.equal(text.length, 256);
    assert.deepEqual(JSON.parse(text), {
      pid,
      startTime: processStartTime(pid),
      controllerPid: process.pid,
      controllerStartTime: processStartTime(process.pid),
    });
    c.kill(ran.id, 'SIGTERM');
    await ran.end;
    assert.equal(readFileSync(pidFile, 'utf8'), ' '.repeat(256));
  });

  it('runs as a batch process, so a request does not preempt the controller; steps are ordinary', async (t) => {
    if (!binary) return t.skip('no C compiler: the spawner could not be built');
    const c = client();
    // Field 41 of /proc/PID/stat is the scheduling policy: 0 SCHED_OTHER, 3 SCHED_BATCH.
    const policyOf = (pid: number) =>
      readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[38];
    const ran = start(c, ['sh', '-c', "cut -d ' ' -f 41 /proc/self/stat"]);
    assert.deepEqual(await ran.end, { exitCode: 0, signal: null, status: '' });
    assert.equal(ran.stdout().toString().trim(), '0');
    assert.equal(policyOf(c.pid!), '3');
  });

  it('gives a step no ignored signals, whatever the spawner ignores or inherited', async (t) => {
    if (!binary) return t.skip('no C compiler: the spawner could not be built');
    const c = client();
    const ran = start(c, ['sh', '-c', 'grep SigIgn /proc/self/status']);
    assert.deepEqual(await ran.end, { exitCode: 0, signal: null, status: '' });
    // The shell ignores nothing by itself; SIGPIPE, SIGINT, SIGQUIT and SIGHUP are the spawner's.
    assert.match(ran.stdout().toString(), /^SigIgn:\s+0+\n$/);
  });

  it('finds a command on the PATH of the step’s own view, not the host’s', async (t) => {
    if (!binary) return t.skip('no C compiler: the spawner could not be built');
    if (process.getuid?.() !== 0)
      return t.skip('needs root (the user-namespace path is probed by HostRuntime)');
    const c = client();
    const bin = join(base.dir, 'pod-bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'true'), '#!/bin/sh\necho the pod’s own true\n', { mode: 0o755 });
    const env = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' };
    // The host's `true` first (and remembered by the spawner), then a view that puts another first.
    assert.deepEqual(await start(c, ['true'], { env }).end, { exitCode: 0, signal: null, status: '' });
    const ran = start(c, ['true'], {
      env,
      isolate: true,
      home: '/',
      mounts: [{ kind: 'bind', source: bin, target: '/usr/local/sbin', data: '', mkdir: false }],
    });
    assert.deepEqual(await ran.end, { exitCode: 0, signal: null, status: '' });
    assert.equal(ran.stdout().toString(), 'the pod’s own true\n');
  });
});
