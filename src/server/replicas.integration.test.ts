/**
 * Two `argosy server` processes on one database (an SQLite file; PostgreSQL when it answers on
 * 127.0.0.1:5432) share the workflows through per-workflow leases.
 * The one owning a running workflow is killed with SIGKILL; the other takes the workflow over and
 * finishes it, and no step that had succeeded runs again.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse } from 'yaml';
import { homesForThisFile } from '../cli/testing/run-cli.js';
import type { Workflow } from '../spec/types.js';
import { openStore } from '../store/index.js';
import { createPostgresDatabase, probePostgres } from '../store/sql/test-databases.js';
import { waitForPhase } from './testing/fixtures.js';
import { request, type ServerProcess, startServer } from './testing/server-process.js';

const servers: ServerProcess[] = [];
after(async () => {
  for (const s of servers) await s.stop();
});
const homes = homesForThisFile();

async function readStored(db: string, name: string): Promise<{ wf: Workflow; holder?: string }> {
  const store = await openStore(db);
  try {
    const wf = await store.get<Workflow>('Workflow', 'default', name);
    return { wf, holder: (await store.getLease(`workflow/default/${name}`))?.holder };
  } finally {
    await store.close();
  }
}

test('SQLite: a replica killed with SIGKILL mid-run: the other finishes its workflows, no succeeded step re-runs', async () => {
  await killOneOfTwo(`sqlite:${join(homes(), 'argosy.db')}`);
});

test('PostgreSQL: a replica killed with SIGKILL mid-run: the other finishes its workflows, no succeeded step re-runs', async (t) => {
  const probe = await probePostgres();
  if (!probe.available) return t.skip(probe.reason);
  const database = await createPostgresDatabase();
  try {
    await killOneOfTwo(database.url);
  } finally {
    for (const s of servers.splice(0)) await s.stop();
    await database.drop();
  }
});

async function killOneOfTwo(db: string): Promise<void> {
  const a = await startServer(homes(), ['--store', db]);
  servers.push(a);
  const b = await startServer(homes(), ['--store', db]);
  servers.push(b);

  const fixture = parse(readFileSync('testdata/server/counted-steps.yaml', 'utf8')) as Workflow;
  const names: string[] = [];
  const dirs = new Map<string, string>();
  for (let i = 0; i < 3; i++) {
    const dir = homes();
    const wf = {
      ...fixture,
      spec: {
        ...fixture.spec,
        arguments: {
          parameters: [
            { name: 'dir', value: dir },
            { name: 'pause', value: '1' },
          ],
        },
      },
    };
    // Submitted through either API: the API does not decide who runs it.
    const r = await request<Workflow>(i % 2 ? b.url : a.url, 'POST', '/api/v1/workflows/default', {
      workflow: wf,
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    names.push(r.body.metadata.name ?? '');
    dirs.set(r.body.metadata.name ?? '', dir);
  }

  // Wait until the first workflow is past its first step, then kill whichever server owns it.
  const target = names[0] ?? '';
  let owner: ServerProcess | undefined;
  for (let i = 0; i < 300 && !owner; i++) {
    const { wf, holder } = await readStored(db, target);
    const s2 = Object.values(wf.status?.nodes ?? {}).find((n) => n.displayName === 's2');
    if (s2?.phase === 'Running' && holder)
      owner = [a, b].find((s) => holder.split(':')[1] === String(s.child.pid));
    else await sleep(100);
  }
  assert.ok(owner, 'one of the two servers owns the running workflow');
  const survivor = owner === a ? b : a;
  owner.child.kill('SIGKILL');
  await new Promise((r) => owner?.child.once('exit', r));

  // What had succeeded when the owner died: those steps must not run again.
  const succeededAtKill = new Map<string, string[]>();
  for (const name of names) {
    const { wf } = await readStored(db, name);
    succeededAtKill.set(
      name,
      Object.values(wf.status?.nodes ?? {})
        .filter((n) => n.type === 'Pod' && n.phase === 'Succeeded')
        .map((n) => n.displayName ?? ''),
    );
  }
  assert.ok((succeededAtKill.get(target) ?? []).includes('s1'));

  for (const name of names) {
    const done = await waitForPhase(survivor.url, 'default', name, undefined, undefined, 90_000);
    assert.equal(done.status?.phase, 'Succeeded', `${name}: ${done.status?.message}`);
    const runs = readFileSync(join(dirs.get(name) ?? '', 'runs'), 'utf8')
      .trim()
      .split('\n');
    for (const step of succeededAtKill.get(name) ?? []) {
      assert.equal(
        runs.filter((r) => r === step).length,
        1,
        `${name}: ${step} had succeeded and ran once: ${runs}`,
      );
    }
    for (const step of ['s1', 's2', 's3', 's4', 's5']) assert.ok(runs.includes(step), `${name}: ${step} ran`);
  }
}
