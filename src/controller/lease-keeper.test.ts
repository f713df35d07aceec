import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { afterEach, describe, it } from 'node:test';
import { MemoryStore } from '../store/index.js';
import { holderIsDeadLocalProcess, LeaseKeeper, newHolderId, processIsGone } from './lease-keeper.js';

const stores: MemoryStore[] = [];
const keepers: LeaseKeeper[] = [];
function setup(ttlMs = 1000) {
  const store = new MemoryStore();
  stores.push(store);
  const keeper = (holder: string) => {
    const k = new LeaseKeeper(store, holder, ttlMs);
    keepers.push(k);
    return k;
  };
  return { store, keeper };
}
afterEach(async () => {
  for (const k of keepers.splice(0)) await k.releaseAll();
  for (const s of stores.splice(0)) await s.close();
});

/** The pid of a process that has exited (and been reaped). */
async function deadPid(): Promise<number> {
  const child = spawn('true');
  await new Promise((r) => child.on('exit', r));
  return child.pid as number;
}

/** A zombie: `sleep 0` exits and its parent (exec'd into `sleep 5`) never reaps it. */
async function zombie(): Promise<{ pid: number; done: () => void }> {
  const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 5'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const pid = await new Promise<number>((resolve) => {
    parent.stdout.setEncoding('utf8').once('data', (d: string) => resolve(Number(d.trim())));
  });
  for (let i = 0; i < 100; i++) {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  return { pid, done: () => parent.kill('SIGKILL') };
}

describe('LeaseKeeper', () => {
  it('holds a lease against another live holder until released', async () => {
    const { store, keeper } = setup();
    const a = keeper('a:1:x');
    const b = keeper('b:2:y');
    assert.equal(await a.acquire('ns/wf'), true);
    assert.equal(await b.acquire('ns/wf'), false);
    assert.equal(await a.acquire('ns/wf'), true, 'its own lease again');
    assert.equal((await store.getLease('workflow/ns/wf'))?.holder, 'a:1:x');
    await a.release('ns/wf');
    assert.equal(await store.getLease('workflow/ns/wf'), undefined);
    assert.equal(await b.acquire('ns/wf'), true);
  });

  it('renews held leases so they do not expire while held', async () => {
    const { store, keeper } = setup(150);
    const a = keeper('a:1:x');
    const b = keeper('b:2:y');
    assert.equal(await a.acquire('ns/wf'), true);
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(await b.acquire('ns/wf'), false);
    assert.ok(((await store.getLease('workflow/ns/wf'))?.expiresAt.getTime() ?? 0) > Date.now());
    await a.releaseAll();
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(await b.acquire('ns/wf'), true, 'released, and no longer renewed');
  });

  it('takes over at once a lease whose holder is a dead process on this machine', async () => {
    const { store, keeper } = setup(60_000);
    const dead = `${hostname()}:${await deadPid()}:old`;
    await store.tryAcquireLease('workflow/ns/wf', dead, 60_000);
    const me = newHolderId();
    assert.equal(await keeper(me).acquire('ns/wf'), true);
    assert.equal((await store.getLease('workflow/ns/wf'))?.holder, me);
  });

  it('takes over a lease whose holder is a zombie (killed, not yet reaped)', async () => {
    const { store, keeper } = setup(60_000);
    const z = await zombie();
    try {
      assert.equal(processIsGone(z.pid), true);
      await store.tryAcquireLease('workflow/ns/wf', `${hostname()}:${z.pid}:old`, 60_000);
      assert.equal(await keeper(newHolderId()).acquire('ns/wf'), true);
    } finally {
      z.done();
    }
  });

  it('waits for a live local holder, and for holders on other machines', async () => {
    const { store, keeper } = setup(60_000);
    await store.tryAcquireLease('workflow/ns/a', `${hostname()}:${process.ppid}:live`, 60_000);
    await store.tryAcquireLease('workflow/ns/b', `elsewhere:${await deadPid()}:x`, 60_000);
    const k = keeper(newHolderId());
    assert.equal(await k.acquire('ns/a'), false);
    assert.equal(await k.acquire('ns/b'), false);
    assert.equal(holderIsDeadLocalProcess(`${hostname()}:notapid:x`), false);
    assert.ok(k.retryAfterMs() >= 100);
  });
});
