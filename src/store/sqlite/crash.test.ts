// A kill -9 at any moment loses no acknowledged write and leaves no half-written object.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openDatabase } from './database.js';
import { SqliteStore } from './sqlite-store.js';

const writer = fileURLToPath(new URL('./testdata/crash-writer.ts', import.meta.url));

async function killAfterAcks(path: string, synchronous: string, acks: number): Promise<string[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', writer, path, synchronous], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const acked: string[] = [];
  let buffer = '';
  await new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', () => resolve());
    child.stdout.on('data', (data: Buffer) => {
      buffer += data.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('ok ')) acked.push(line.slice(3));
      if (acked.length >= acks) child.kill('SIGKILL');
    });
  });
  return acked;
}

for (const synchronous of ['FULL', 'NORMAL']) {
  test(`kill -9 loses no acknowledged create (synchronous=${synchronous})`, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'argosy-crash-'));
    const path = join(dir, 'argosy.db');
    try {
      const acked = await killAfterAcks(path, synchronous, 150);
      assert.ok(acked.length >= 150);
      const db = openDatabase(path);
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
      const orphans = db
        .prepare(
          'SELECT count(*) FROM workflow_nodes n LEFT JOIN resources r ON r.uid = n.workflow_uid WHERE r.uid IS NULL',
        )
        .pluck()
        .get();
      assert.equal(orphans, 0, 'no node rows without their workflow');
      const nodeless = db
        .prepare(
          'SELECT count(*) FROM resources r WHERE NOT EXISTS (SELECT 1 FROM workflow_nodes n WHERE n.workflow_uid = r.uid)',
        )
        .pluck()
        .get();
      assert.equal(nodeless, 0, 'no workflow without its node rows');
      db.close();
      const store = await SqliteStore.open({ path });
      const stored = new Set(
        (await store.list('Workflow', { withNodes: false })).items.map((w) => w.metadata.name),
      );
      for (const name of acked) assert.ok(stored.has(name), `${name} was acknowledged but is lost`);
      t.diagnostic(`acknowledged ${acked.length}, stored ${stored.size}`);
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
