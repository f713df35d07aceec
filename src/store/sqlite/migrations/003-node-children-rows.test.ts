// A database written by schema 2 (children inside each node's JSON) opens under schema 3 with the
// lists moved to rows, and reads back the same nodes.
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
import { splitStatusHeaderEvents } from './002-split-status-header-events.js';

type Wf = Resource & { status: { nodes: Record<string, unknown> } };

test('migration 3 moves lists of string children to rows and leaves other children values alone', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'argosy-migrate-'));
  const path = join(dir, 'argosy.db');
  try {
    const db = openDatabase(path);
    migrate(db, [initial, splitStatusHeaderEvents]);
    const meta = { name: 'w', namespace: 'argo', uid: 'u1', resourceVersion: '1' };
    db.prepare(
      'INSERT INTO resources (uid, kind, namespace, name, resource_version, phase, metadata, body, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(
      'u1',
      'Workflow',
      'argo',
      'w',
      1,
      'Running',
      JSON.stringify(meta),
      '{"apiVersion":"argoproj.io/v1alpha1","kind":"Workflow","spec":{}}',
      '{"phase":"Running"}',
    );
    const nodes = {
      dag: { id: 'dag', children: ['t1', 't2', 't3'], phase: 'Running' },
      t1: { id: 't1', phase: 'Succeeded', children: [] },
      t2: { id: 't2', phase: 'Running' },
      odd: { id: 'odd', children: [1, 'x'] },
    };
    const insert = db.prepare('INSERT INTO workflow_nodes VALUES (?, ?, ?)');
    for (const [id, node] of Object.entries(nodes)) insert.run('u1', id, JSON.stringify(node));
    db.prepare("UPDATE counters SET value = 1 WHERE name = 'resource_version'").run();
    db.close();

    const store = await SqliteStore.open({ path });
    try {
      const got = await store.get<Wf>('Workflow', 'argo', 'w');
      assert.deepEqual(got.status.nodes, nodes);
      const check = openDatabase(path);
      assert.deepEqual(
        check
          .prepare('SELECT node_id, seq, child_id FROM workflow_node_children ORDER BY node_id, seq')
          .raw()
          .all(),
        [
          ['dag', 0, 't1'],
          ['dag', 1, 't2'],
          ['dag', 2, 't3'],
        ],
      );
      assert.match(
        String(check.prepare("SELECT node FROM workflow_nodes WHERE node_id = 'odd'").pluck().get()),
        /children/,
      );
      check.close();
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
