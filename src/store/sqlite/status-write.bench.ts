/**
 * Micro-benchmark: the cost of one Workflow status write as the workflow grows. A DAG workflow with
 * N tasks in its spec and N task nodes in its status gets U status updates, each changing 1–2
 * nodes and the small status (progress), the way the controller writes them (changedNodeIds, the
 * object returned by the previous update). Prints ms per update and the bytes the writes cost
 * (database + WAL file growth, and write_bytes from /proc/self/io where the kernel reports it).
 *
 * Run: node --import tsx src/store/sqlite/status-write.bench.ts [sizes...] [--updates U] [--normal] [--compare]
 *        [--store postgres|mysql]
 * (default sizes 1000 10000, U = 500, synchronous FULL as the CLI opens the store; `--compare`
 * leaves out `specUnchanged`, so the store compares the spec with the stored one on every write;
 * `--store` runs against a throw-away database on the local PostgreSQL or MariaDB instead, where
 * only the time and the database size are reported).
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../open-store.js';
import { createMysqlDatabase, createPostgresDatabase } from '../sql/test-databases.js';
import type { Resource, Store, UpdateOptions } from '../store.js';
import { SqliteStore } from './sqlite-store.js';

type Node = Record<string, unknown>;
type Wf = Resource & {
  spec: Record<string, unknown>;
  status: { phase: string; progress: string; nodes: Record<string, Node> };
};

function dagWorkflow(n: number): Wf {
  const tasks: Array<Record<string, unknown>> = [{ name: 'root', template: 't' }];
  for (let i = 0; i < n; i++) tasks.push({ name: `t${i}`, template: 't', dependencies: ['root'] });
  tasks.push({ name: 'sink', template: 't', dependencies: tasks.slice(1).map((t) => t.name) });
  const nodes: Record<string, Node> = {};
  const name = `wide-dag-${n}`;
  for (let i = 0; i < n; i++) nodes[`${name}-${1000 + i}`] = taskNode(name, i, 'Pending');
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name, namespace: 'argo', labels: { 'workflows.argoproj.io/phase': 'Running' } },
    spec: {
      entrypoint: 'main',
      parallelism: 2,
      templates: [
        { name: 'main', dag: { tasks } },
        { name: 't', container: { image: 'busybox', command: ['true'] } },
      ],
    },
    status: { phase: 'Running', progress: `0/${n}`, nodes },
  };
}

function taskNode(wf: string, i: number, phase: string): Node {
  return {
    id: `${wf}-${1000 + i}`,
    name: `${wf}.t${i}`,
    displayName: `t${i}`,
    type: 'Pod',
    templateName: 't',
    phase,
    boundaryID: wf,
    startedAt: '2024-05-06T07:08:09Z',
    ...(phase === 'Succeeded' ? { finishedAt: '2024-05-06T07:08:10Z', outputs: { exitCode: '0' } } : {}),
  };
}

function writeBytes(): number | undefined {
  try {
    const m = /^write_bytes: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

function fileBytes(path: string): number {
  let total = 0;
  for (const suffix of ['', '-wal']) {
    try {
      total += statSync(path + suffix).size;
    } catch {
      // absent
    }
  }
  return total;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Creates the workflow, calls `created`, then times `updates` status writes; returns the ms they took. */
async function writeStatuses(
  store: Store,
  n: number,
  updates: number,
  compare: boolean,
  created: () => void,
): Promise<number> {
  let wf = await store.create(dagWorkflow(n));
  created();
  const options = (ids: string[]): UpdateOptions =>
    // specUnchanged is ignored by a store that does not know it (the "before" run on an older commit).
    (compare ? { changedNodeIds: ids } : { changedNodeIds: ids, specUnchanged: true }) as UpdateOptions;
  const start = process.hrtime.bigint();
  for (let u = 0; u < updates; u++) {
    const i = u % n;
    const ids = [`${wf.metadata.name}-${1000 + i}`];
    wf.status.nodes[ids[0] as string] = taskNode(wf.metadata.name ?? '', i, 'Succeeded');
    if (i + 1 < n) {
      ids.push(`${wf.metadata.name}-${1000 + i + 1}`);
      wf.status.nodes[ids[1] as string] = taskNode(wf.metadata.name ?? '', i + 1, 'Running');
    }
    wf.status.progress = `${i + 1}/${n}`;
    wf = await store.update({ ...wf, status: wf.status }, options(ids));
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const got = await store.get<Wf>('Workflow', 'argo', wf.metadata.name ?? '');
  if (updates <= n && got.status.progress !== `${updates}/${n}`)
    throw new Error(`bench: stored progress ${got.status.progress}`);
  return ms;
}

async function runOnServer(n: number, updates: number, compare: boolean): Promise<void> {
  const db = server === 'postgres' ? await createPostgresDatabase() : await createMysqlDatabase();
  const store = await openStore(db.url);
  try {
    const ms = await writeStatuses(store, n, updates, compare, () => {});
    console.log(
      `${server}: ${n} tasks, ${updates} status updates${compare ? ' (spec compared)' : ''}: ${(ms / updates).toFixed(3)} ms/update`,
    );
  } finally {
    await store.close();
    await db.drop();
  }
}

async function run(n: number, updates: number, normal: boolean, compare: boolean): Promise<void> {
  if (server) return runOnServer(n, updates, compare);
  const dir = mkdtempSync(join(tmpdir(), 'argosy-status-bench-'));
  const path = join(dir, 'argosy.db');
  const store = await SqliteStore.open({ path, synchronous: normal ? 'NORMAL' : 'FULL' });
  try {
    let sizeAfterCreate = 0;
    let ioBefore: number | undefined;
    const ms = await writeStatuses(store, n, updates, compare, () => {
      sizeAfterCreate = fileBytes(path);
      ioBefore = writeBytes();
    });
    const ioAfter = writeBytes();
    const growth = fileBytes(path) - sizeAfterCreate;
    const io =
      ioBefore !== undefined && ioAfter !== undefined
        ? `, write_bytes ${mb(ioAfter - ioBefore)} (${((ioAfter - ioBefore) / updates / 1024).toFixed(1)} KB/update)`
        : '';
    console.log(
      `${n} tasks, ${updates} status updates (synchronous ${normal ? 'NORMAL' : 'FULL'}${compare ? ', spec compared' : ''}): ` +
        `${(ms / updates).toFixed(3)} ms/update, db+wal grew ${mb(growth)} ` +
        `(${(growth / updates / 1024).toFixed(1)} KB/update)${io}`,
    );
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
const normal = args.includes('--normal');
const compare = args.includes('--compare');
const storeAt = args.indexOf('--store');
const server = storeAt >= 0 ? args[storeAt + 1] : undefined;
if (server !== undefined && server !== 'postgres' && server !== 'mysql')
  throw new Error('--store takes postgres or mysql');
const updatesAt = args.indexOf('--updates');
const updates = updatesAt >= 0 ? Number(args[updatesAt + 1]) : 500;
const sizes = args
  .filter(
    (a, i) =>
      !a.startsWith('--') && (updatesAt < 0 || i !== updatesAt + 1) && (storeAt < 0 || i !== storeAt + 1),
  )
  .map(Number);
for (const n of sizes.length > 0 ? sizes : [1000, 10000]) await run(n, updates, normal, compare);
