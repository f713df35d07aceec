// SQLite-specific behaviour the contract cannot see: pragmas, migrations, the rows themselves.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { TerminalError } from '../../errors/index.js';
import { defaultArgosyHome, openDefaultStore } from '../index.js';
import type { Resource } from '../store.js';
import { type Database, openDatabase } from './database.js';
import { currentSchemaVersion, migrate } from './migrate.js';
import { SqliteStore } from './sqlite-store.js';

let dir = '';
let path = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'argosy-sqlite-'));
  path = join(dir, 'nested', 'argosy.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const count = (db: Database, sql: string, ...params: unknown[]) =>
  db
    .prepare(sql)
    .pluck()
    .get(...params) as number;

test('opens with WAL, synchronous=FULL, foreign keys and a busy timeout', () => {
  const db = openDatabase(path);
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(db.pragma('synchronous', { simple: true }), 2);
  assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
  assert.equal(db.pragma('busy_timeout', { simple: true }), 10_000);
  db.close();
});

test('migrations are numbered, applied once, and a newer schema is refused', () => {
  const db = openDatabase(path);
  assert.equal(migrate(db), 3);
  assert.equal(migrate(db), 3);
  assert.deepEqual(db.prepare('SELECT version, name FROM schema_migrations').all(), [
    { version: 1, name: 'initial' },
    { version: 2, name: 'split-status-header-events' },
    { version: 3, name: 'node-children-rows' },
  ]);
  db.prepare("INSERT INTO schema_migrations VALUES (99, 'future', 'now')").run();
  assert.throws(() => migrate(db), TerminalError);
  assert.equal(currentSchemaVersion(db), 99);
  db.close();
});

test('nodes are rows, not part of the stored object, and only changed rows are rewritten', async () => {
  const store = await SqliteStore.open({ path });
  const nodes = {
    a: { id: 'a', phase: 'Running' },
    b: { id: 'b', phase: 'Running' },
    c: { id: 'c', phase: 'Running' },
  };
  const wf = await store.create({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name: 'w', namespace: 'argo', labels: { team: 'x' } },
    spec: {},
    status: { phase: 'Running', nodes },
  } as Resource);
  const db = openDatabase(path);
  assert.equal(count(db, 'SELECT count(*) FROM workflow_nodes'), 3);
  assert.doesNotMatch(count(db, 'SELECT status FROM resources').toString(), /nodes/);
  assert.equal(count(db, 'SELECT count(*) FROM labels'), 1);
  const before = db.prepare("SELECT node FROM workflow_nodes WHERE node_id = 'b'").pluck().get();
  await store.update({
    ...wf,
    status: { phase: 'Running', nodes: { ...nodes, a: { id: 'a', phase: 'Succeeded' } } },
  } as Resource);
  assert.equal(db.prepare("SELECT node FROM workflow_nodes WHERE node_id = 'b'").pluck().get(), before);
  assert.match(
    String(db.prepare("SELECT node FROM workflow_nodes WHERE node_id = 'a'").pluck().get()),
    /Succeeded/,
  );
  await store.delete('Workflow', 'argo', 'w');
  assert.equal(count(db, 'SELECT count(*) FROM workflow_nodes'), 0, 'nodes cascade with the workflow');
  assert.equal(count(db, 'SELECT count(*) FROM labels'), 0, 'labels cascade with the object');
  db.close();
  await store.close();
});

test('children are rows: a write adds only the new ones, any other change rewrites them, reads put them back', async () => {
  const store = await SqliteStore.open({ path });
  const db = openDatabase(path);
  const rows = () =>
    db.prepare("SELECT child_id FROM workflow_node_children WHERE node_id = 'r' ORDER BY seq").pluck().all();
  const node = (children: unknown) => ({ id: 'r', phase: 'Succeeded', children });
  const base = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name: 'kids', namespace: 'argo' },
    spec: {},
  };
  let wf = await store.create({ ...base, status: { nodes: { r: node(['a', 'b']) } } } as Resource);
  assert.deepEqual(rows(), ['a', 'b']);
  assert.doesNotMatch(
    String(db.prepare("SELECT node FROM workflow_nodes WHERE node_id = 'r'").pluck().get()),
    /children/,
  );
  const many = Array.from({ length: 500 }, (_, i) => `c${i}`);
  wf = await store.update({ ...wf, status: { nodes: { r: node(['a', 'b', ...many]) } } } as Resource, {
    changedNodeIds: ['r'],
  });
  assert.equal(rows().length, 502);
  // The next append writes one child row (and the node's row), whatever the list's length.
  const storeDb = (store as unknown as { db: Database }).db;
  const before = storeDb.prepare('SELECT total_changes()').pluck().get() as number;
  wf = await store.update({ ...wf, status: { nodes: { r: node(['a', 'b', ...many, 'z']) } } } as Resource, {
    changedNodeIds: ['r'],
  });
  const written = (storeDb.prepare('SELECT total_changes()').pluck().get() as number) - before;
  assert.ok(written < 10, `an append wrote ${written} rows`);
  assert.equal(rows().at(-1), 'z');
  // Not an append (a child gone): rewritten. Without a hint (a diff): the same.
  wf = await store.update({ ...wf, status: { nodes: { r: node(['b', 'z']) } } } as Resource);
  assert.deepEqual(rows(), ['b', 'z']);
  const got = await store.get<Resource & { status: { nodes: Record<string, unknown> } }>(
    'Workflow',
    'argo',
    'kids',
  );
  assert.deepEqual(got.status.nodes.r, node(['b', 'z']));
  // A children value that is not a list of strings stays in the node's JSON.
  await store.update({ ...wf, status: { nodes: { r: node([1, 'x']) } } } as Resource, {
    changedNodeIds: ['r'],
  });
  assert.deepEqual(rows(), []);
  const odd = await store.get<Resource & { status: { nodes: Record<string, unknown> } }>(
    'Workflow',
    'argo',
    'kids',
  );
  assert.deepEqual(odd.status.nodes.r, node([1, 'x']));
  await store.delete('Workflow', 'argo', 'kids');
  assert.equal(
    count(db, 'SELECT count(*) FROM workflow_node_children'),
    0,
    'children cascade with the workflow',
  );
  db.close();
  await store.close();
});

test('children lists written by another connection are read back before an append', async () => {
  const first = await SqliteStore.open({ path });
  const second = await SqliteStore.open({ path });
  const node = (children: string[]) => ({ id: 'r', phase: 'Succeeded', children });
  const base = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name: 'shared', namespace: 'argo' },
    spec: {},
  };
  let wf = await first.create({ ...base, status: { nodes: { r: node(['a']) } } } as Resource);
  // Another process appends; the first store's memory of the list (['a']) is stale.
  wf = await second.update({ ...wf, status: { nodes: { r: node(['a', 'q']) } } } as Resource, {
    changedNodeIds: ['r'],
  });
  await first.update({ ...wf, status: { nodes: { r: node(['a', 'x', 'y']) } } } as Resource, {
    changedNodeIds: ['r'],
  });
  const got = await second.get<Resource & { status: { nodes: Record<string, unknown> } }>(
    'Workflow',
    'argo',
    'shared',
  );
  assert.deepEqual(got.status.nodes.r, node(['a', 'x', 'y']));
  await first.close();
  await second.close();
});

test('a failed create stores nothing and leaves the resourceVersion counter alone', async () => {
  const store = await SqliteStore.open({ path });
  await store.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'argo' } });
  await assert.rejects(
    store.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'argo' } }),
  );
  const db = openDatabase(path);
  assert.equal(count(db, "SELECT value FROM counters WHERE name = 'resource_version'"), 1);
  assert.equal(count(db, 'SELECT count(*) FROM events'), 1);
  db.close();
  await store.close();
});

test('defaultArgosyHome and openDefaultStore use $ARGOSY_HOME, else ~/.argosy', async () => {
  assert.equal(defaultArgosyHome({ ARGOSY_HOME: '/srv/argosy' }), '/srv/argosy');
  assert.match(defaultArgosyHome({}), /\.argosy$/);
  const saved = process.env.ARGOSY_HOME;
  process.env.ARGOSY_HOME = join(dir, 'home');
  try {
    const store = await openDefaultStore();
    await store.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'argo' } });
    await store.close();
    const again = await SqliteStore.open({ path: join(dir, 'home', 'argosy.db') });
    assert.equal((await again.list('ConfigMap')).items.length, 1);
    await again.close();
  } finally {
    if (saved === undefined) delete process.env.ARGOSY_HOME;
    else process.env.ARGOSY_HOME = saved;
  }
});

test('a relaxed-durability update commits without fsync; every other write commits flushed', async () => {
  const store = await SqliteStore.open({ path });
  const db = (store as unknown as { db: Database }).db;
  const created = await store.create<Resource & { data?: Record<string, string> }>({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'c', namespace: 'default' },
    data: { a: '1' },
  });
  const levels: unknown[] = [];
  const pragma = db.pragma.bind(db);
  const transaction = db.transaction.bind(db);
  // Record the connection's synchronous level (1 NORMAL, 2 FULL) inside each write transaction.
  (db as { transaction: Database['transaction'] }).transaction = ((fn: (...args: unknown[]) => unknown) =>
    transaction((...args: unknown[]) => {
      levels.push(pragma('synchronous', { simple: true }));
      return fn(...args);
    })) as Database['transaction'];
  const updated = await store.update({ ...created, data: { a: '2' } }, { relaxedDurability: true });
  await store.update(updated, { relaxedDurability: true });
  assert.deepEqual(levels, [1, 1], 'relaxed, twice (the level is left NORMAL between them)');
  const current = await store.get('ConfigMap', 'default', 'c'); // a read transaction: recorded too
  const writesFrom = levels.length;
  await store.update(current);
  await store.tryAcquireLease('l', 'me', 1000);
  assert.deepEqual(levels.slice(writesFrom), [2, 2], 'then a flushed update and a flushed lease write');
  // A conflicting relaxed update fails; the next durable write is flushed all the same.
  await assert.rejects(store.update({ ...created, data: { a: '3' } }, { relaxedDurability: true }));
  await store.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'd', namespace: 'default' } });
  assert.equal(levels.at(-1), 2);
  assert.equal((await store.get<typeof created>('ConfigMap', 'default', 'c')).data?.a, '2');
  assert.notEqual(updated.metadata.resourceVersion, created.metadata.resourceVersion);
  await store.close();
});
