/**
 * UI benchmark (not a test): in headless Chromium, how long the built UI (dist/ui) takes to render
 * and become interactive for
 *   - a 2,000-node workflow graph (222 step groups of 8 pods: nothing to collapse, all drawn),
 *   - a loop of 2,000 items (collapsed by default; then expanded by a click),
 *   - the workflows list with 10,000 workflows in one page (virtualised rows; scroll cost).
 * The API answers are synthesised by intercepting the page's requests (page.route), so only the
 * browser's work is measured: fetch of a JSON body, React render, layout, SVG paint.
 * Run: npm run bench:ui (builds first). Numbers are noisy on a shared machine: compare within a run.
 */

import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { extname, join } from 'node:path';
import type { Page, Route } from 'playwright-core';
import type { NodeStatus, Workflow } from '../src/api/types.ts';
import { fanOutWorkflow, layeredStepsWorkflow } from '../src/graph/testing-fixtures.ts';
import { REPO_ROOT } from '../src/testing/argosy-server.ts';
import { chromiumMissing, launchChromium } from '../src/testing/chromium.ts';

const UI_DIR = join(REPO_ROOT, 'dist', 'ui');
const ORIGIN = 'http://argosy.bench';
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

function workflow(name: string, nodes: Record<string, NodeStatus>): Workflow {
  // The fixtures name the root `wf`: rename ids so the root is the workflow's name, as Argo does.
  const rename = (id: string) => (id === 'wf' ? name : id);
  const renamed: Record<string, NodeStatus> = {};
  for (const n of Object.values(nodes)) {
    const id = rename(n.id);
    renamed[id] = {
      ...n,
      id,
      name: n.name === 'wf' ? name : n.name.replace(/^wf/, name),
      children: n.children?.map(rename),
      outboundNodes: n.outboundNodes?.map(rename),
      startedAt: '2024-01-01T00:00:00Z',
      finishedAt: '2024-01-01T00:10:00Z',
    };
  }
  return {
    metadata: { name, namespace: 'bench', creationTimestamp: '2024-01-01T00:00:00Z' },
    spec: { entrypoint: 'main' },
    status: {
      phase: 'Succeeded',
      startedAt: '2024-01-01T00:00:00Z',
      finishedAt: '2024-01-01T00:10:00Z',
      progress: '1/1',
      nodes: renamed,
    },
  };
}

function listOf(count: number): unknown {
  const items = Array.from({ length: count }, (_, i) => ({
    metadata: {
      name: `wf-${String(i).padStart(5, '0')}`,
      namespace: 'bench',
      creationTimestamp: new Date(Date.UTC(2024, 0, 1) - i * 1000).toISOString(),
    },
    status: {
      phase: i % 7 === 0 ? 'Failed' : 'Succeeded',
      startedAt: '2024-01-01T00:00:00Z',
      finishedAt: '2024-01-01T00:01:00Z',
      progress: '3/3',
    },
  }));
  return { metadata: { resourceVersion: '1' }, items };
}

const MIME: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html' };

async function serve(page: Page, workflows: Map<string, Workflow>, list: unknown) {
  await page.route(`${ORIGIN}/**`, async (route: Route) => {
    const url = new URL(route.request().url());
    const p = url.pathname;
    if (p.startsWith('/api/v1/workflow-events/'))
      return route.fulfill({ status: 200, contentType: 'text/event-stream', body: '' });
    const wf = /^\/api\/v1\/workflows\/[^/]+\/([^/]+)$/.exec(p);
    if (wf?.[1])
      return route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify(workflows.get(wf[1])),
      });
    if (p.startsWith('/api/v1/workflows/'))
      return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(list) });
    if (p.startsWith('/api/'))
      return route.fulfill({ status: 200, contentType: 'application/json', body: '{}' });
    const file = p.startsWith('/assets/') ? p : '/index.html';
    return route.fulfill({
      status: 200,
      contentType: MIME[extname(file)] ?? 'application/octet-stream',
      body: readFileSync(join(UI_DIR, file)),
    });
  });
  await page.addInitScript(() => {
    // Ready means painted: the graph's commit raises the event; the frame that follows paints it,
    // and a task queued from that frame's callback runs once the frame is done.
    window.addEventListener('argosy:graph-ready', () => {
      requestAnimationFrame(() =>
        setTimeout(() => {
          (window as unknown as { __ready: number[] }).__ready ??= [];
          (window as unknown as { __ready: number[] }).__ready.push(performance.now());
        }, 0),
      );
    });
    // The longest main-thread task: how long the page could not answer input.
    new PerformanceObserver((list) => {
      const w = window as unknown as { __longest?: number };
      for (const entry of list.getEntries()) w.__longest = Math.max(w.__longest ?? 0, entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const ms = (x: number) => (Number.isNaN(x) ? 'n/a' : `${x.toFixed(0)} ms`);

async function graphRun(page: Page, name: string, expectNodes: number) {
  await page.goto(`${ORIGIN}/workflows/bench/${name}`);
  await page.waitForFunction(
    (n) =>
      document.querySelectorAll('[data-node-id]').length === n &&
      ((window as unknown as { __ready?: number[] }).__ready?.length ?? 0) > 0,
    expectNodes,
    { timeout: 60_000 },
  );
  const { ready, layout, longest } = await page.evaluate(() => ({
    longest: (window as unknown as { __longest?: number }).__longest ?? 0,
    ready: (window as unknown as { __ready: number[] }).__ready[0] ?? Number.NaN,
    layout:
      performance
        .getEntriesByName('argosy:layout')
        .map((e) => e.duration)
        .pop() ?? Number.NaN,
  }));
  // Interactive: a click on a node opens its panel; measured in the page, from the click event to
  // the first frame painted with the panel (Playwright's own actionability checks are not counted).
  const click = await page.evaluate(async () => {
    const target = document.querySelectorAll('[data-shape="pod"]')[1] as SVGGElement;
    const start = performance.now();
    target.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    while (!document.querySelector('aside.node-panel')) await new Promise((r) => requestAnimationFrame(r));
    await new Promise((r) => requestAnimationFrame(r));
    return performance.now() - start;
  });
  return { ready, layout, click, longest };
}

async function main() {
  const missing = chromiumMissing();
  if (missing) {
    console.log(`bench:ui skipped: ${missing}`);
    return;
  }
  const workflows = new Map<string, Workflow>([
    ['layered-2000', workflow('layered-2000', layeredStepsWorkflow(222, 8))],
    ['loop-2000', workflow('loop-2000', fanOutWorkflow(2000))],
  ]);
  const layeredCount = Object.keys(workflows.get('layered-2000')!.status!.nodes!).length;
  console.log(
    `machine: ${cpus().length} cores, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} (others' work inflates these numbers)`,
  );
  const browser = await launchChromium({ width: 1280, height: 800 });
  try {
    const results: Record<string, { ready: number[]; layout: number[]; click: number[]; longest: number[] }> =
      {};
    const add = (key: string, r: { ready: number; layout: number; click: number; longest?: number }) => {
      const slot = results[key] ?? { ready: [], layout: [], click: [], longest: [] };
      results[key] = slot;
      slot.ready.push(r.ready);
      slot.layout.push(r.layout);
      slot.click.push(r.click);
      slot.longest.push(r.longest ?? Number.NaN);
    };
    for (let i = 0; i < RUNS; i++) {
      const page = await browser.context.newPage();
      await serve(page, workflows, listOf(10_000));
      add(`graph: ${layeredCount} nodes, all drawn`, await graphRun(page, 'layered-2000', layeredCount));
      add('graph: loop of 2,000 items, collapsed (7 drawn)', await graphRun(page, 'loop-2000', 7));
      // Expand the loop: all 2,003 nodes drawn in one rank.
      await page.getByRole('button', { name: 'Close node panel' }).click();
      await page.waitForSelector('aside.node-panel', { state: 'detached' });
      const t0 = Date.now();
      await page.locator('[data-shape="collapsed"]').click();
      await page.waitForFunction(
        () => document.querySelectorAll('[data-node-id]').length === 2003,
        undefined,
        { timeout: 60_000 },
      );
      const expand = Date.now() - t0;
      const layout = await page.evaluate(
        () =>
          performance
            .getEntriesByName('argosy:layout')
            .map((e) => e.duration)
            .pop() ?? Number.NaN,
      );
      add('graph: loop of 2,000 items, expanded by a click (2,003 drawn)', {
        ready: expand,
        layout,
        click: Number.NaN,
      });
      await page.close();
    }
    for (const [key, r] of Object.entries(results)) {
      console.log(
        `${key}: rendered ${ms(median(r.ready))} after navigation start (best ${ms(Math.min(...r.ready))}; layout ${ms(median(r.layout))}, best ${ms(Math.min(...r.layout))}), node click → panel ${Number.isNaN(median(r.click)) ? 'n/a' : `${ms(median(r.click))} (best ${ms(Math.min(...r.click))})`}, longest main-thread task ${ms(median(r.longest))}  [medians of ${r.ready.length}; runs ${r.ready.map(ms).join(', ')}]`,
      );
    }

    // The list: 10,000 workflows in one page, virtualised.
    const page = await browser.context.newPage();
    await serve(page, workflows, listOf(10_000));
    await page.goto(`${ORIGIN}/workflows/bench`);
    await page.locator('select').last().selectOption('10000');
    const t0 = Date.now();
    await page.waitForFunction(
      () =>
        document.querySelector('table[aria-label="Workflows"]')?.getAttribute('aria-rowcount') === '10001',
      undefined,
      { timeout: 60_000 },
    );
    const listReady = Date.now() - t0;
    const domRows = await page.locator('tr[data-workflow]').count();
    const scroll = await page.evaluate(async () => {
      const box = document.querySelector('.virtual-rows') as HTMLElement;
      const frames: number[] = [];
      for (let i = 1; i <= 20; i++) {
        const start = performance.now();
        box.scrollTop = (box.scrollHeight * i) / 20;
        box.dispatchEvent(new Event('scroll'));
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        frames.push(performance.now() - start);
      }
      return frames;
    });
    const last = await page.locator('tr[data-workflow]').last().getAttribute('data-workflow');
    console.log(
      `list: 10,000 workflows shown ${ms(listReady)} after choosing the page size; ${domRows} rows in the DOM; scroll step (2 frames) median ${ms(median(scroll))}, max ${ms(Math.max(...scroll))}; last row ${last}`,
    );
    await page.close();
  } finally {
    await browser.close();
  }
}

await main();
