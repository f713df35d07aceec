// The server benchmark (issue 6), on SQLite and on PostgreSQL in the same run, over HTTP on loopback:
// - with STORED workflows stored (default 10,000): p50/p99 of GET one workflow and of a list page
//   (100 items, nodes left out);
// - watch latency: from a status write in the store to the SSE event at an HTTP client;
// - throughput: HELLO hello-world workflows (default 2,000) submitted through the API (16 at a time)
//   and run by the server's controller on the host runtime, completed per second.
// PostgreSQL: a database of its own on 127.0.0.1:5432 (ARGOSY_TEST_POSTGRES_URL), dropped afterwards.
// Sizes: ARGOSY_BENCH_SERVER_STORED, ARGOSY_BENCH_SERVER_HELLO.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const load = (path) => import(join(DIST, path));

const STORED = Number(process.env.ARGOSY_BENCH_SERVER_STORED ?? 10_000);
const HELLO = Number(process.env.ARGOSY_BENCH_SERVER_HELLO ?? 2_000);
const SUBMIT_CONCURRENCY = 16;

const helloSpec = {
  entrypoint: 'main',
  templates: [{ name: 'main', container: { name: 'main', image: 'alpine', command: ['echo', 'hello'] } }],
};

function percentile(samples, p) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const p50p99 = (samples) => ({ p50: percentile(samples, 50), p99: percentile(samples, 99) });

async function timed(fn) {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

async function countDone(store, namespace) {
  let done = 0;
  let cont;
  do {
    const page = await store.list('Workflow', { namespace, withNodes: false, limit: 1000, continue: cont });
    done += page.items.filter((w) => ['Succeeded', 'Failed', 'Error'].includes(w.status?.phase ?? '')).length;
    cont = page.continue;
  } while (cont);
  return done;
}

async function waitAllDone(store, namespace, count, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const done = await countDone(store, namespace);
    if (done >= count) return;
    if (Date.now() > deadline)
      throw new Error(`only ${done}/${count} workflows completed in ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function storeWorkflows(store) {
  const t = performance.now();
  for (let i = 0; i < STORED; i++) {
    await store.create({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      metadata: { name: `stored-${i}`, namespace: 'bench' },
      spec: helloSpec,
      status: {
        phase: 'Succeeded',
        nodes: {
          [`stored-${i}`]: { id: `stored-${i}`, name: `stored-${i}`, type: 'Pod', phase: 'Succeeded' },
        },
      },
    });
  }
  return (performance.now() - t) / 1000;
}

async function latencies(url) {
  const gets = [];
  for (let i = 0; i < 500; i++) {
    gets.push(
      await timed(() =>
        fetch(`${url}/api/v1/workflows/bench/stored-${(i * 7919) % STORED}`).then((r) => r.text()),
      ),
    );
  }
  const pages = [];
  let cont = '';
  for (let i = 0; i < 100; i++) {
    pages.push(
      await timed(async () => {
        const more = cont ? `&listOptions.continue=${encodeURIComponent(cont)}` : '';
        const r = await fetch(
          `${url}/api/v1/workflows/bench?listOptions.limit=100&fields=-items.status.nodes${more}`,
        );
        cont = (await r.json()).metadata.continue ?? '';
      }),
    );
  }
  return { get: p50p99(gets), list: p50p99(pages) };
}

async function watchLatency(url, store) {
  const rv = (await store.list('Workflow', { limit: 1 })).resourceVersion;
  const controller = new AbortController();
  const res = await fetch(
    `${url}/api/v1/workflow-events/bench?listOptions.fieldSelector=metadata.name%3Dstored-0&listOptions.resourceVersion=${rv}`,
    { headers: { accept: 'text/event-stream' }, signal: controller.signal },
  );
  const reader = res.body.getReader();
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
  const samples = [];
  for (let i = 0; i < 100; i++) {
    const wf = await store.get('Workflow', 'bench', 'stored-0', { withNodes: false });
    const started = performance.now();
    await store.update({ ...wf, status: { ...wf.status, message: `m${i}` } });
    await nextEvent();
    samples.push(performance.now() - started);
  }
  controller.abort();
  return p50p99(samples);
}

async function throughput(url, store) {
  const t = performance.now();
  let next = 0;
  const submitOne = async () => {
    while (next < HELLO) {
      next += 1;
      const r = await fetch(`${url}/api/v1/workflows/run`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ workflow: { metadata: { generateName: 'hello-' }, spec: helloSpec } }),
      });
      if (r.status !== 200) throw new Error(`submit: ${r.status} ${await r.text()}`);
    }
  };
  await Promise.all(Array.from({ length: SUBMIT_CONCURRENCY }, submitOne));
  await waitAllDone(store, 'run', HELLO, 3_600_000);
  return HELLO / ((performance.now() - t) / 1000);
}

async function runOn(label, store, home) {
  const [{ buildServer }, { startEmbeddedController }, { ServerMetrics }, { default: pino }] =
    await Promise.all([
      load('server/build-server.js'),
      load('server/embedded-controller.js'),
      load('server/metrics.js'),
      import('pino'),
    ]);
  const storeSeconds = await storeWorkflows(store);
  const metrics = new ServerMetrics(store);
  const app = await buildServer({ store, authMode: 'server', logger: pino({ level: 'silent' }), metrics });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${app.server.address().port}`;
  const controller = await startEmbeddedController({ store, home, metrics, workers: 4 });
  try {
    const r = { label, storeSeconds, ...(await latencies(url)) };
    r.watch = await watchLatency(url, store);
    r.perSecond = await throughput(url, store);
    return r;
  } finally {
    await controller.stop();
    await app.close();
  }
}

const ms = (v) => `${v.toFixed(2)} ms`;

function print(r) {
  console.log(`  ${r.label}: stored ${STORED} workflows in ${r.storeSeconds.toFixed(1)} s`);
  console.log(
    `    get p50 ${ms(r.get.p50)}, p99 ${ms(r.get.p99)}; list page of 100 p50 ${ms(r.list.p50)}, p99 ${ms(r.list.p99)}`,
  );
  console.log(`    watch (store write -> SSE client) p50 ${ms(r.watch.p50)}, p99 ${ms(r.watch.p99)}`);
  console.log(
    `    ${HELLO} hello-world workflows through the API, host runtime: ${r.perSecond.toFixed(1)} completed/s`,
  );
}

export async function runServerBench() {
  const [{ openStore }, { createPostgresDatabase, probePostgres }] = await Promise.all([
    load('store/index.js'),
    load('store/sql/test-databases.js'),
  ]);
  console.log(
    `server: ${STORED} stored workflows, ${HELLO} hello-world runs (set ARGOSY_BENCH_SERVER_STORED / _HELLO)`,
  );
  const results = [];
  const sqliteHome = mkdtempSync(join(tmpdir(), 'argosy-bench-server-'));
  try {
    const store = await openStore(`sqlite:${join(sqliteHome, 'argosy.db')}`);
    try {
      results.push(await runOn('SQLite', store, sqliteHome));
    } finally {
      await store.close();
    }
  } finally {
    rmSync(sqliteHome, { recursive: true, force: true });
  }
  print(results[0]);
  const probe = await probePostgres();
  if (!probe.available) {
    console.log(`  PostgreSQL skipped: ${probe.reason}`);
    return results;
  }
  const db = await createPostgresDatabase();
  const pgHome = mkdtempSync(join(tmpdir(), 'argosy-bench-server-'));
  try {
    const store = await openStore(db.url);
    try {
      results.push(await runOn('PostgreSQL', store, pgHome));
    } finally {
      await store.close();
    }
  } finally {
    rmSync(pgHome, { recursive: true, force: true });
    await db.drop();
  }
  const [lite, pg] = results;
  print(pg);
  console.log(
    `  PostgreSQL/SQLite: get p50 ${(pg.get.p50 / lite.get.p50).toFixed(2)}x, list p50 ${(pg.list.p50 / lite.list.p50).toFixed(2)}x, ` +
      `watch p50 ${(pg.watch.p50 / lite.watch.p50).toFixed(2)}x, throughput ${(pg.perSecond / lite.perSecond).toFixed(2)}x`,
  );
  return results;
}
