// A database written by schema 1 (whole objects in rows and events) opens under schema 2 unchanged.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Resource } from '../../store.js';
import { openDatabase } from '../database.js';
import { migrate } from '../migrate.js';
import { SqliteStore } from '../sqlite-store.js';
import { initial } from './001-initial.js';

type Wf = Resource & { spec: Record<string, unknown>; status: Record<string, unknown> };

test('migration 2 splits stored objects into metadata, body and status, and keeps only tombstones', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'argosy-migrate-'));
  const path = join(dir, 'argosy.db');
  try {
    const db = openDatabase(path);
    migrate(db, [initial]);
    const wf = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      metadata: {
        name: 'w',
        namespace: 'argo',
        uid: 'u1',
        resourceVersion: '2',
        generation: 1,
        labels: { a: 'b' },
      },
      spec: { entrypoint: 'main', templates: [{ name: 'main', container: { image: 'alpine' } }] },
      status: { phase: 'Running', message: 'hi "quoted"' },
    };
    const cm = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: 'argo', uid: 'u2', resourceVersion: '3' },
      data: { x: '1' },
    };
    const gone = { ...cm, metadata: { ...cm.metadata, name: 'gone', uid: 'u3', resourceVersion: '4' } };
    const insertRow = db.prepare(
      'INSERT INTO resources (uid, kind, namespace, name, resource_version, phase, object) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    insertRow.run('u1', 'Workflow', 'argo', 'w', 2, 'Running', JSON.stringify(wf));
    insertRow.run('u2', 'ConfigMap', 'argo', 'c', 3, '', JSON.stringify(cm));
    db.prepare("INSERT INTO labels VALUES ('u1', 'a', 'b')").run();
    db.prepare("INSERT INTO workflow_nodes VALUES ('u1', 'n1', ?)").run(
      JSON.stringify({ id: 'n1', phase: 'Running' }),
    );
    const insertEvent = db.prepare(
      'INSERT INTO events (resource_version, type, kind, namespace, name, uid, object, created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    insertEvent.run(1, 'ADDED', 'Workflow', 'argo', 'w', 'u1', JSON.stringify(wf), Date.now());
    insertEvent.run(2, 'MODIFIED', 'Workflow', 'argo', 'w', 'u1', JSON.stringify(wf), Date.now());
    insertEvent.run(3, 'ADDED', 'ConfigMap', 'argo', 'c', 'u2', JSON.stringify(cm), Date.now());
    insertEvent.run(4, 'DELETED', 'ConfigMap', 'argo', 'gone', 'u3', JSON.stringify(gone), Date.now());
    db.prepare("UPDATE counters SET value = 4 WHERE name = 'resource_version'").run();
    db.close();

    const store = await SqliteStore.open({ path });
    try {
      const got = await store.get<Wf>('Workflow', 'argo', 'w');
      assert.deepEqual(got, {
        ...wf,
        status: { ...wf.status, nodes: { n1: { id: 'n1', phase: 'Running' } } },
      });
      assert.deepEqual(Object.keys(got), ['apiVersion', 'kind', 'metadata', 'spec', 'status']);
      assert.deepEqual(await store.get('ConfigMap', 'argo', 'c'), cm);
      assert.equal(
        (await store.list('Workflow', { labelSelector: 'a=b', fieldSelector: 'status.phase=Running' })).items
          .length,
        1,
      );
      const events: string[] = [];
      const stop = await store.watch('ConfigMap', { resourceVersion: '2' }, (e) =>
        events.push(`${e.type} ${e.object.metadata.name} ${e.object.metadata.resourceVersion}`),
      );
      await new Promise((r) => setTimeout(r, 100));
      stop();
      assert.deepEqual(events, ['ADDED c 3', 'DELETED gone 4']);
      const updated = await store.update({ ...got, status: { phase: 'Succeeded' } });
      assert.equal(updated.metadata.resourceVersion, '5');
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
