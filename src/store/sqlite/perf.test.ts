// Measurements, reported as test diagnostics: a 100k-node workflow, and the cost of durable commits.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Resource } from '../store.js';
import { SqliteStore } from './sqlite-store.js';

type Wf = Resource & { status: { phase: string; nodes: Record<string, Record<string, unknown>> } };

function bigNode(i: number): Record<string, unknown> {
  const id = `big-${i}`;
  return {
    id,
    name: `big.step[${i}].task`,
    displayName: 'task',
    type: 'Pod',
    templateName: 'task',
    phase: 'Running',
    boundaryID: 'big',
    startedAt: '2024-05-06T07:08:09Z',
    children: [`big-${i + 1}`],
    inputs: { parameters: [{ name: 'item', value: String(i) }] },
  };
}

async function timed<R>(fn: () => Promise<R>): Promise<[R, number]> {
  const start = process.hrtime.bigint();
  const result = await fn();
  return [result, Number(process.hrtime.bigint() - start) / 1e6];
}

test('a 100k-node workflow updates in time proportional to the changed nodes', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'argosy-perf-'));
  const store = await SqliteStore.open({ path: join(dir, 'argosy.db') });
  try {
    const nodes: Record<string, Record<string, unknown>> = {};
    for (let i = 0; i < 100_000; i++) nodes[`big-${i}`] = bigNode(i);
    const obj = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      metadata: { name: 'big', namespace: 'argo' },
      spec: { entrypoint: 'main' },
      status: { phase: 'Running', nodes },
    } as Wf;
    const [created, createMs] = await timed(() => store.create(obj));
    const [wf, getMs] = await timed(() => store.get<Wf>('Workflow', 'argo', 'big'));
    const [, getBareMs] = await timed(() => store.get<Wf>('Workflow', 'argo', 'big', { withNodes: false }));
    assert.equal(Object.keys(wf.status.nodes).length, 100_000);

    const changed = Array.from({ length: 10 }, (_, k) => `big-${k * 9_999}`);
    for (const id of changed) wf.status.nodes[id] = { ...wf.status.nodes[id], phase: 'Succeeded' };
    const hinted: number[] = [];
    let current = wf;
    for (let round = 0; round < 5; round++) {
      const [next, ms] = await timed(() => store.update(current, { changedNodeIds: changed }));
      hinted.push(ms);
      current = next;
    }
    for (const id of changed) current.status.nodes[id] = { ...current.status.nodes[id], phase: 'Failed' };
    const [, unhintedMs] = await timed(() => store.update(current));
    const after = await store.get<Wf>('Workflow', 'argo', 'big');
    assert.equal(after.status.nodes[changed[3] ?? '']?.phase, 'Failed');
    assert.equal(after.status.nodes['big-5']?.phase, 'Running');

    const best = Math.min(...hinted);
    t.diagnostic(
      `create 100k nodes: ${createMs.toFixed(0)} ms (created rv ${created.metadata.resourceVersion})`,
    );
    t.diagnostic(`get with 100k nodes: ${getMs.toFixed(0)} ms; without nodes: ${getBareMs.toFixed(2)} ms`);
    t.diagnostic(
      `update 10 of 100k nodes with changedNodeIds: ${hinted.map((m) => m.toFixed(2)).join(', ')} ms`,
    );
    t.diagnostic(`update 10 of 100k nodes without hint (compares all): ${unhintedMs.toFixed(0)} ms`);
    assert.ok(best < 50, `hinted update took ${best} ms`);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the cost of durable commits: synchronous FULL vs NORMAL', async (t) => {
  for (const synchronous of ['FULL', 'NORMAL'] as const) {
    const dir = mkdtempSync(join(tmpdir(), 'argosy-sync-'));
    const store = await SqliteStore.open({ path: join(dir, 'argosy.db'), synchronous });
    try {
      const n = 300;
      const [, ms] = await timed(async () => {
        for (let i = 0; i < n; i++) {
          await store.create({
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: `c${i}`, namespace: 'argo' },
          });
        }
      });
      t.diagnostic(`synchronous=${synchronous}: ${(ms / n).toFixed(3)} ms per create (${n} commits)`);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
});
