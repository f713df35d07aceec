/**
 * The server benchmark of issue 6 ("Performance"), in one process so the numbers compare:
 * - with N stored workflows (default 10,000): p50/p99 of `GET /api/v1/workflows/{ns}/{name}` and of a
 *   list page (`listOptions.limit=100`, nodes left out), over HTTP on loopback;
 * - watch latency: from a status write in the store to the SSE event at an HTTP client;
 * - throughput: M hello-world workflows (default 200) submitted through the API and run on the host
 *   runtime, against the same M created straight in the embedded store with an in-process controller.
 * Run: node --import tsx src/server/server.bench.ts [stored=10000] [hello=200]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Workflow } from '../spec/types.js';
import { SqliteStore } from '../store/index.js';
import { buildServer } from './build-server.js';
import { startEmbeddedController } from './embedded-controller.js';
import { ServerMetrics } from './metrics.js';

const STORED = Number(process.argv[2] ?? 10_000);
const HELLO = Number(process.argv[3] ?? 200);

function hello(name?: string): Workflow {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: name ? { name, namespace: 'bench' } : { generateName: 'hello-', namespace: 'bench' },
    spec: {
      entrypoint: 'main',
      templates: [{ name: 'main', container: { name: 'main', image: 'alpine', command: ['echo', 'hello'] } }],
    },
  };
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function summary(name: string, samples: number[]): string {
  return `${name}: p50 ${percentile(samples, 50).toFixed(2)} ms, p99 ${percentile(samples, 99).toFixed(2)} ms (${samples.length} requests)`;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

async function waitAllDone(store: SqliteStore, count: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { items } = await store.list<Workflow>('Workflow', { namespace: 'run', withNodes: false });
    const done = items.filter((w) => ['Succeeded', 'Failed', 'Error'].includes(w.status?.phase ?? '')).length;
    if (done >= count) return;
    if (Date.now() > deadline) throw new Error(`only ${done}/${count} completed`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'argosy-server-bench-'));
  const logger = pino({ level: 'silent' });
  try {
    const store = await SqliteStore.open({ path: join(dir, 'argosy.db') });
    let t = performance.now();
    for (let i = 0; i < STORED; i++) {
      const wf = hello(`stored-${i}`);
      wf.status = {
        phase: 'Succeeded',
        nodes: {
          [`stored-${i}`]: { id: `stored-${i}`, name: `stored-${i}`, type: 'Pod', phase: 'Succeeded' },
        },
      } as Workflow['status'];
      await store.create(wf);
    }
    console.log(`stored ${STORED} workflows in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const app = await buildServer({ store, authMode: 'server', logger, metrics: new ServerMetrics(store) });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

    const gets: number[] = [];
    for (let i = 0; i < 500; i++) {
      gets.push(
        await timed(() =>
          fetch(`${url}/api/v1/workflows/bench/stored-${(i * 7919) % STORED}`).then((r) => r.text()),
        ),
      );
    }
    const pages: number[] = [];
    let cont = '';
    for (let i = 0; i < 100; i++) {
      pages.push(
        await timed(async () => {
          const r = await fetch(
            `${url}/api/v1/workflows/bench?listOptions.limit=100&fields=-items.status.nodes${cont ? `&listOptions.continue=${encodeURIComponent(cont)}` : ''}`,
          );
          const body = (await r.json()) as { metadata: { continue?: string } };
          cont = body.metadata.continue ?? '';
        }),
      );
    }
    const fullList = await timed(() =>
      fetch(`${url}/api/v1/workflows/bench?fields=-items.status.nodes`).then((r) => r.text()),
    );
    console.log(summary('get', gets));
    console.log(summary('list page of 100', pages));
    console.log(`list of all ${STORED} (no nodes): ${fullList.toFixed(0)} ms`);

    // Watch latency: a status write in the store -> the SSE event at the client.
    const latencies: number[] = [];
    const controller = new AbortController();
    const res = await fetch(
      `${url}/api/v1/workflow-events/bench?listOptions.fieldSelector=metadata.name%3Dstored-0&listOptions.resourceVersion=${(await store.list('Workflow', { limit: 1 })).resourceVersion}`,
      {
        headers: { accept: 'text/event-stream' },
        signal: controller.signal,
      },
    );
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const nextEvent = async () => {
      for (;;) {
        const i = buffer.indexOf('\n\n');
        if (i >= 0) {
          const frame = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          if (frame.startsWith('data: ')) return;
          continue;
        }
        const { value } = await reader.read();
        buffer += decoder.decode(value, { stream: true });
      }
    };
    for (let i = 0; i < 100; i++) {
      const wf = await store.get<Workflow>('Workflow', 'bench', 'stored-0', { withNodes: false });
      const started = performance.now();
      await store.update({ ...wf, status: { ...wf.status, message: `m${i}` } });
      await nextEvent();
      latencies.push(performance.now() - started);
    }
    controller.abort();
    console.log(summary('watch event (store write -> SSE client)', latencies));

    // Throughput: through the API vs straight into the store, same controller, same runtime.
    const running = await startEmbeddedController({ store, home: dir, workers: 4 });
    t = performance.now();
    await Promise.all(
      Array.from({ length: HELLO }, () =>
        fetch(`${url}/api/v1/workflows/run`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ workflow: { metadata: { generateName: 'api-' }, spec: hello().spec } }),
        }).then((r) => r.text()),
      ),
    );
    await waitAllDone(store, HELLO, 600_000);
    const apiSeconds = (performance.now() - t) / 1000;
    await running.stop();
    await app.close();
    const runStore = store;
    for (const w of (await runStore.list<Workflow>('Workflow', { namespace: 'run', withNodes: false }))
      .items) {
      await runStore.delete('Workflow', 'run', w.metadata.name ?? '');
    }
    const again = await startEmbeddedController({ store, home: dir, workers: 4 });
    t = performance.now();
    for (let i = 0; i < HELLO; i++) {
      const wf = hello();
      wf.metadata.namespace = 'run';
      await store.create(wf);
    }
    await waitAllDone(store, HELLO, 600_000);
    const embeddedSeconds = (performance.now() - t) / 1000;
    await again.stop();
    console.log(
      `${HELLO} hello-world workflows, host runtime: through the API ${(HELLO / apiSeconds).toFixed(1)}/s, ` +
        `straight into the store ${(HELLO / embeddedSeconds).toFixed(1)}/s (API/store ${(embeddedSeconds / apiSeconds).toFixed(2)})`,
    );
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
