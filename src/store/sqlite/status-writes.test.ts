// What a status write costs in rows: the spec is not rewritten unless it changed, events are headers.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import type { Resource } from '../store.js';
import { type Database, openDatabase } from './database.js';
import { SqliteStore } from './sqlite-store.js';

type Wf = Resource & { spec: Record<string, unknown>; status: Record<string, unknown> };

let dir = '';
let path = '';
let store: SqliteStore;
let db: Database;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'argosy-status-writes-'));
  path = join(dir, 'argosy.db');
  store = await SqliteStore.open({ path, synchronous: 'NORMAL' });
  db = openDatabase(path);
  // Counts the writes that name the body column (an UPDATE that leaves it out does not fire).
  db.exec(`CREATE TABLE body_writes (n INTEGER NOT NULL);
    INSERT INTO body_writes VALUES (0);
    CREATE TRIGGER count_body_writes AFTER UPDATE OF body ON resources
    BEGIN UPDATE body_writes SET n = n + 1; END;`);
});
afterEach(async () => {
  db.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const bodyWrites = () => db.prepare('SELECT n FROM body_writes').pluck().get() as number;

function bigWorkflow(): Wf {
  const tasks = Array.from({ length: 500 }, (_, i) => ({ name: `t${i}`, template: 't' }));
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name: 'w', namespace: 'argo', labels: { team: 'a' } },
    spec: { entrypoint: 'main', templates: [{ name: 'main', dag: { tasks } }] },
    status: { phase: 'Running', nodes: { n1: { id: 'n1', phase: 'Running' } } },
  } as Wf;
}

test('a status write with specUnchanged neither compares nor rewrites the spec', async () => {
  let wf = await store.create(bigWorkflow());
  for (let i = 0; i < 3; i++) {
    wf = await store.update(
      {
        ...wf,
        status: { phase: 'Running', progress: `${i}/1`, nodes: { n1: { id: 'n1', phase: 'Running', i } } },
      },
      { changedNodeIds: ['n1'], specUnchanged: true },
    );
  }
  assert.equal(bodyWrites(), 0);
  const got = await store.get<Wf>('Workflow', 'argo', 'w');
  assert.deepEqual(got.spec, bigWorkflow().spec);
  assert.equal(got.status.progress, '2/1');
  assert.equal(got.metadata.generation, 1);
  assert.equal(got.metadata.resourceVersion, '4');
});

test('an update compares the spec: rewritten (and generation bumped) only when it changed', async () => {
  const v1 = await store.create(bigWorkflow());
  const v2 = await store.update({ ...v1, status: { phase: 'Succeeded' } });
  assert.equal(bodyWrites(), 0, 'same spec: body not rewritten');
  const v3 = await store.update({ ...v2, spec: { ...v2.spec, suspend: true } });
  assert.equal(bodyWrites(), 1);
  assert.equal(v3.metadata.generation, 2);
  const v4 = await store.update({ ...v3, metadata: { ...v3.metadata, labels: { team: 'b' } } });
  assert.equal(bodyWrites(), 1, 'a label change is metadata');
  assert.equal(v4.metadata.generation, 2);
  assert.deepEqual((await store.list('Workflow', { labelSelector: 'team=b' })).items.length, 1);
  assert.deepEqual((await store.list('Workflow', { labelSelector: 'team=a' })).items.length, 0);
});

test('watch events are headers; only DELETED keeps the object, as its tombstone', async () => {
  const v1 = await store.create(bigWorkflow());
  await store.update({ ...v1, status: { phase: 'Succeeded' } }, { specUnchanged: true });
  await store.delete('Workflow', 'argo', 'w');
  const rows = db
    .prepare('SELECT type, length(tombstone) AS size FROM events ORDER BY resource_version')
    .all() as Array<{ type: string; size: number | null }>;
  assert.deepEqual(
    rows.map((r) => [r.type, r.size === null ? null : r.size > 10_000]),
    [
      ['ADDED', null],
      ['MODIFIED', null],
      ['DELETED', true],
    ],
  );
});
