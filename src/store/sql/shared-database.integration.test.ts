// Several processes and pools on one PostgreSQL or MySQL database: leases decided across processes
// on the database clock, and resourceVersions taken in commit order by concurrent writers.
import assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openStore } from '../open-store.js';
import type { Resource, Store } from '../store.js';
import {
  createMysqlDatabase,
  createPostgresDatabase,
  probeMysql,
  probePostgres,
  type TestDatabase,
} from './test-databases.js';

const CHILD = fileURLToPath(new URL('./testdata/lease-child.ts', import.meta.url));

interface Child {
  proc: ChildProcessWithoutNullStreams;
  lines: string[];
  next(): Promise<string>;
}

function startChild(url: string, name: string, holder: string, ttlMs: number): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, url, name, holder, String(ttlMs)]);
  const lines: string[] = [];
  const waiters: Array<(line: string) => void> = [];
  let buffer = '';
  let stderr = '';
  proc.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  proc.stdout.on('data', (d: Buffer) => {
    buffer += d.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    for (const line of parts) {
      const waiter = waiters.shift();
      if (waiter) waiter(line);
      else lines.push(line);
    }
  });
  const next = () =>
    new Promise<string>((resolve, reject) => {
      const line = lines.shift();
      if (line !== undefined) return resolve(line);
      const timer = setTimeout(
        () => reject(new Error(`child ${holder}: no output in 60 s; stderr: ${stderr}`)),
        60_000,
      );
      waiters.push((l) => {
        clearTimeout(timer);
        resolve(l);
      });
    });
  return { proc, lines, next };
}

async function kill(child: Child): Promise<void> {
  if (child.proc.exitCode !== null || child.proc.signalCode !== null) return;
  const exited = new Promise((r) => child.proc.once('exit', r));
  child.proc.kill('SIGKILL');
  await exited;
}

const configMap = (name: string): Resource => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'argo' },
});

const servers = [
  { name: 'PostgreSQL', probe: probePostgres, create: createPostgresDatabase },
  { name: 'MySQL/MariaDB', probe: probeMysql, create: createMysqlDatabase },
];

const probes = await Promise.all(servers.map((s) => s.probe()));
for (const [i, server] of servers.entries()) {
  const probe = probes[i] ?? { available: false, reason: 'not probed' };
  describe(`${server.name}: one database shared by several processes`, {
    skip: probe.available ? false : probe.reason,
  }, () => {
    const withDatabase = async (body: (db: TestDatabase) => Promise<void>) => {
      const db = await server.create();
      try {
        await body(db);
      } finally {
        await db.drop();
      }
    };

    test('a lease held by another process blocks until it expires on the database clock, then is taken over', () =>
      withDatabase(async (db) => {
        const store = await openStore(db.url);
        const child = startChild(db.url, 'wf/argo/x', 'replica-a', 3000);
        try {
          assert.equal(await child.next(), 'ready');
          child.proc.stdin.write('go\n');
          assert.deepEqual(JSON.parse(await child.next()), { holder: 'replica-a', acquired: true });
          await kill(child); // dies holding it, as a replica killed mid-run
          const held = await store.getLease('wf/argo/x');
          assert.equal(held?.holder, 'replica-a');
          assert.equal(await store.tryAcquireLease('wf/argo/x', 'replica-b', 3000), false);
          await store.releaseLease('wf/argo/x', 'replica-b'); // not its lease: nothing happens
          assert.equal((await store.getLease('wf/argo/x'))?.holder, 'replica-a');
          const start = Date.now();
          let taken = false;
          while (!taken && Date.now() - start < 15_000) {
            await new Promise((r) => setTimeout(r, 100));
            taken = await store.tryAcquireLease('wf/argo/x', 'replica-b', 3000);
          }
          assert.ok(taken, 'taken over after expiry');
          assert.ok(Date.now() >= (held?.expiresAt.getTime() ?? 0) - 1000, 'not before it expired');
          assert.equal((await store.getLease('wf/argo/x'))?.holder, 'replica-b');
        } finally {
          await kill(child);
          await store.close();
        }
      }));

    test('processes racing for a free lease: exactly one gets it', () =>
      withDatabase(async (db) => {
        const children = [0, 1, 2, 3].map((i) => startChild(db.url, 'race', `p${i}`, 60_000));
        try {
          for (const c of children) assert.equal(await c.next(), 'ready');
          for (const c of children) c.proc.stdin.write('go\n');
          const results = await Promise.all(
            children.map(async (c) => JSON.parse(await c.next()) as { holder: string; acquired: boolean }),
          );
          const winners = results.filter((r) => r.acquired);
          assert.equal(winners.length, 1, JSON.stringify(results));
          const store = await openStore(db.url);
          assert.equal((await store.getLease('race'))?.holder, winners[0]?.holder);
          await store.close();
        } finally {
          await Promise.all(children.map(kill));
        }
      }));

    test('concurrent writers on two pools: a watcher sees every change once, in resourceVersion order', () =>
      withDatabase(async (db) => {
        const stores: Store[] = [];
        try {
          for (let i = 0; i < 3; i++) stores.push(await openStore(db.url, { pollMs: 10, poolSize: 4 }));
          const [a, b, watcher] = stores as [Store, Store, Store];
          const seen: number[] = [];
          const stop = await watcher.watch('ConfigMap', { resourceVersion: '0' }, (e) =>
            seen.push(Number(e.object.metadata.resourceVersion)),
          );
          const writer = (store: Store, prefix: string) =>
            Promise.all(
              Array.from({ length: 4 }, async (_, lane) => {
                for (let i = 0; i < 10; i++) await store.create(configMap(`${prefix}-${lane}-${i}`));
              }),
            );
          await Promise.all([writer(a, 'a'), writer(b, 'b')]);
          const deadline = Date.now() + 20_000;
          while (seen.length < 80 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
          stop();
          assert.deepEqual(
            seen,
            Array.from({ length: 80 }, (_, i) => i + 1),
          );
        } finally {
          for (const s of stores) await s.close();
        }
      }));
  });
}
