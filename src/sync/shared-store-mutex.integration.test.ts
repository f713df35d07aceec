/**
 * Two `argosy controller` processes sharing one SQLite store, contending on one mutex: workflow-level
 * and template-level holders never run at the same time; deleting a holder hands the lock over.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { cleanupHome, expectOk, newHome, runCli, spawnCli, waitFor } from '../cli/testing/run-cli.js';
import type { Workflow } from '../spec/types.js';
import { type Resource, SqliteStore } from '../store/index.js';

const homes: string[] = [];
const children: ChildProcess[] = [];
after(async () => {
  for (const c of children) c.kill('SIGKILL');
  for (const h of homes) await cleanupHome(h);
});

async function startControllers(home: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const child = spawnCli(['controller'], { home });
    children.push(child);
    let err = '';
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
    });
    await waitFor('controller start', () => err.includes('started'), 20_000);
  }
}

function lockedStep(log: string, label: string): string {
  return `echo "$(date +%s%N) start ${label}" >> ${log}; sleep 0.3; echo "$(date +%s%N) end ${label}" >> ${log}`;
}

function wfLevel(name: string, log: string): Workflow {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name, namespace: 'default' },
    spec: {
      entrypoint: 'main',
      synchronization: { mutexes: [{ name: 'shared' }] },
      templates: [
        { name: 'main', container: { image: 'busybox', command: ['sh', '-c', lockedStep(log, name)] } },
      ],
    },
  } as Workflow;
}

function tmplLevel(name: string, log: string): Workflow {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name, namespace: 'default' },
    spec: {
      entrypoint: 'main',
      templates: [
        {
          name: 'main',
          steps: [
            [
              {
                name: 'item',
                template: 'locked',
                arguments: { parameters: [{ name: 'i', value: '{{item}}' }] },
                withItems: [1, 2, 3],
              },
            ],
          ],
        },
        {
          name: 'locked',
          inputs: { parameters: [{ name: 'i' }] },
          synchronization: { mutexes: [{ name: 'shared' }] },
          container: {
            image: 'busybox',
            command: ['sh', '-c', lockedStep(log, `${name}-{{inputs.parameters.i}}`)],
          },
        },
      ],
    },
  } as Workflow;
}

describe('one mutex, two controller processes, one SQLite store', () => {
  it('never lets two holders run at once, and every workflow ends Succeeded', {
    timeout: 120_000,
  }, async () => {
    const home = newHome('argosy-sync-');
    homes.push(home);
    const log = join(home, 'intervals.log');
    await startControllers(home, 2);
    const store = await SqliteStore.open({ path: join(home, 'argosy.db') });
    try {
      const names = ['wf-a', 'wf-b', 'wf-c', 'wf-d', 'tmpl-e'];
      for (const n of names) await store.create(n.startsWith('wf') ? wfLevel(n, log) : tmplLevel(n, log));
      const sawWaiting = new Set<string>();
      const leaseHolders = new Set<string>();
      const done = await waitFor(
        'all workflows to complete',
        async () => {
          const { items } = await store.list<Workflow>('Workflow', { namespace: 'default', withNodes: true });
          for (const wf of items) {
            const lease = await store.getLease(`workflow/default/${wf.metadata.name}`);
            if (lease) leaseHolders.add(lease.holder.split(':').slice(0, 2).join(':'));
            if (
              wf.status?.phase === 'Pending' &&
              /^Waiting for default\/Mutex\/shared lock/.test(wf.status.message ?? '')
            )
              sawWaiting.add(wf.metadata.name ?? '');
            for (const n of Object.values(wf.status?.nodes ?? {}))
              if (n.synchronizationStatus?.waiting === 'default/Mutex/shared') sawWaiting.add(n.id);
          }
          return (
            items.every((w) => ['Succeeded', 'Failed', 'Error'].includes(w.status?.phase ?? '')) && items
          );
        },
        90_000,
        100,
      );
      console.log(
        `controllers seen holding workflow leases: ${leaseHolders.size} (${[...leaseHolders].join(', ')})`,
      );
      assert.deepEqual(
        done.map((w) => `${w.metadata.name}:${w.status?.phase}`).sort(),
        names.map((n) => `${n}:Succeeded`).sort(),
      );
      for (const w of done)
        assert.equal(w.status?.synchronization, undefined, `${w.metadata.name} released everything`);
      assert.ok(sawWaiting.size > 0, 'some holder had to wait with the "Waiting for ... lock" message');
      const events = readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .map((l) => l.split(' '))
        .map(([t, kind, label]) => ({ t: BigInt(t ?? '0'), kind, label }))
        .sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : 0));
      assert.equal(events.length, 2 * (4 + 3));
      let inside = 0;
      for (const e of events) {
        inside += e.kind === 'start' ? 1 : -1;
        assert.ok(inside <= 1, `two holders at once at ${e.label}`);
      }
    } finally {
      await store.close();
    }
  });

  it('deleting the workflow that holds the mutex hands it to the waiter', { timeout: 90_000 }, async () => {
    const home = newHome('argosy-sync-');
    homes.push(home);
    await startControllers(home, 1);
    const store = await SqliteStore.open({ path: join(home, 'argosy.db') });
    try {
      const holder = wfLevel('holder', '/dev/null');
      holder.spec.templates = [
        { name: 'main', container: { name: 'main', image: 'busybox', command: ['sleep', '60'] } },
      ];
      await store.create(holder);
      await waitFor('holder running', async () => {
        const wf = await store.get<Workflow>('Workflow', 'default', 'holder');
        return wf.status?.synchronization?.mutex?.holding?.[0]?.holder === 'holder';
      });
      await store.create(wfLevel('waiter', '/dev/null'));
      const waiting = await waitFor('waiter to wait', async () => {
        const wf = await store.get<Workflow>('Workflow', 'default', 'waiter');
        return wf.status?.phase === 'Pending' && wf.status.message?.includes('Lock status') && wf;
      });
      assert.equal(waiting.status?.message, 'Waiting for default/Mutex/shared lock. Lock status: 0/1');
      assert.deepEqual(waiting.status?.synchronization?.mutex?.waiting, [
        { mutex: 'default/Mutex/shared', holder: 'default/holder' },
      ]);
      expectOk(await runCli(['delete', 'holder'], { home }), 'argosy delete holder');
      const started = Date.now();
      await waitFor(
        'waiter to succeed',
        async () =>
          (await store.get<Workflow>('Workflow', 'default', 'waiter')).status?.phase === 'Succeeded',
        30_000,
      );
      console.log(`waiter ran ${Date.now() - started} ms after the holder was deleted`);
    } finally {
      await store.close();
    }
  });

  it('a holder deleted while its controller was dead (kill -9) does not keep the mutex', {
    timeout: 90_000,
  }, async () => {
    const home = newHome('argosy-sync-');
    homes.push(home);
    const first = spawnCli(['controller'], { home });
    children.push(first);
    let err = '';
    first.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
    });
    await waitFor('controller start', () => err.includes('started'), 20_000);
    const store = await SqliteStore.open({ path: join(home, 'argosy.db') });
    try {
      const holder = wfLevel('holder', '/dev/null');
      holder.spec.templates = [
        { name: 'main', container: { name: 'main', image: 'busybox', command: ['sleep', '60'] } },
      ];
      await store.create(holder);
      await waitFor('holder to hold', async () => {
        const wf = await store.get<Workflow>('Workflow', 'default', 'holder');
        return wf.status?.synchronization?.mutex?.holding?.[0]?.holder === 'holder';
      });
      first.kill('SIGKILL');
      await waitFor('controller to die', () => first.exitCode !== null || first.signalCode !== null);
      // Deleted with no controller running: nobody releases the lock.
      await store.delete('Workflow', 'default', 'holder');
      const lock = await store.list<Resource>('SynchronizationLock', { namespace: 'default' });
      assert.equal(lock.items.length, 1);
      assert.deepEqual(
        (
          (lock.items[0] as Resource & { status?: { holders?: { holder: string }[] } }).status?.holders ?? []
        ).map((h) => h.holder),
        ['default/holder'],
        'the dead holder is still recorded',
      );
      await startControllers(home, 1);
      await store.create(wfLevel('waiter', '/dev/null'));
      await waitFor(
        'waiter to succeed',
        async () =>
          (await store.get<Workflow>('Workflow', 'default', 'waiter')).status?.phase === 'Succeeded',
        30_000,
      );
    } finally {
      await store.close();
    }
  });
});
