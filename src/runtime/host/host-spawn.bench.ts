/**
 * Per-step overhead of the host runtime: `true` run N times through
 *   - a bare child_process.spawn of `sh -c true` from this process (baseline),
 *   - HostRuntime with each launcher (native spawner, Node child_process + unshare + sh), without
 *     isolation, in a mount namespace (/tmp and /argo binds), and with an overlay (a file at /bin/x),
 * first one at a time (latency), then 1,000 steps two at a time (steps/s, like `parallelism: 2`, and
 * the CPU this process spends per step).
 * Every number comes from this one process, so ratios hold even while other work shares the machine.
 * Run: npx tsx src/runtime/host/host-spawn.bench.ts [N]   (needs `npm run build:native` for native)
 */
import { spawn } from 'node:child_process';
import type { PodPlan } from '../pod-plan.js';
import { HostRuntime } from './host-runtime.js';
import type { SpawnerSetting } from './step-launcher.js';
import { container, plan, run, tempBase } from './test-helpers.js';

const n = Number(process.argv[2] ?? 200);
const parallelCount = Number(process.argv[3] ?? 1000);

async function time(label: string, once: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 5; i++) await once(); // warm up
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    await once();
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  samples.sort((a, b) => a - b);
  const mean = samples.reduce((a, b) => a + b, 0) / n;
  const p = (q: number) => samples[Math.min(n - 1, Math.floor(q * n))]!.toFixed(2);
  console.log(`${label.padEnd(40)} mean ${mean.toFixed(2)} ms  p50 ${p(0.5)}  p90 ${p(0.9)}  p99 ${p(0.99)}`);
}

/** `count` runs of `once`, two at a time; prints steps per second. */
async function throughput(label: string, once: () => Promise<unknown>): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next < parallelCount) {
      next += 1;
      await once();
    }
  };
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  await Promise.all([worker(), worker()]);
  const cpu = process.cpuUsage(cpu0);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const rate = parallelCount / seconds;
  // CPU of this (the controller's) process per step, all threads: robust to load, unlike wall time.
  const cpuMs = (cpu.user + cpu.system) / 1000 / parallelCount;
  console.log(
    `${label.padEnd(40)} ${rate.toFixed(0).padStart(6)} steps/s (${seconds.toFixed(2)} s), this process's CPU ${cpuMs.toFixed(2)} ms/step`,
  );
  return rate;
}

const bare = () =>
  new Promise<void>((resolve, reject) => {
    const child = spawn('sh', ['-c', 'true'], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child.on('error', reject);
    child.on('close', () => resolve());
  });

const base = tempBase('argosy-bench-');
const runtimes: HostRuntime[] = [];
try {
  const make = (spawner: SpawnerSetting, isolation: 'none' | 'namespace') => {
    const r = new HostRuntime({ baseDir: `${base.dir}/${spawner}-${isolation}`, isolation, spawner });
    runtimes.push(r);
    return r;
  };
  const simple = (): PodPlan => plan({ containers: [container(['true'])] });
  const withOverlay = (): PodPlan =>
    plan({
      containers: [container(['true'])],
      inputArtifacts: [{ name: 'tool', path: '/bin/argosy-bench-tool', spec: { raw: { data: 'x' } } }],
    });
  console.log(`${n} sequential steps each`);
  await time('baseline: spawn sh -c true', bare);
  for (const spawner of ['native', 'node'] as const) {
    const direct = make(spawner, 'none');
    const isolated = make(spawner, 'namespace');
    await time(`${spawner}: no isolation`, () => run(direct, simple()));
    await time(`${spawner}: mount namespace`, () => run(isolated, simple()));
    await time(`${spawner}: namespace + overlay`, () => run(isolated, withOverlay()));
  }
  console.log(`\n${parallelCount} steps, two at a time`);
  const baseline = await throughput('baseline: spawn sh -c true', bare);
  for (const spawner of ['native', 'node'] as const) {
    const isolated = make(spawner, 'namespace');
    const rate = await throughput(`${spawner}: mount namespace`, () => run(isolated, simple()));
    console.log(`${''.padEnd(40)} ${(baseline / rate).toFixed(2)}x the baseline's time per step`);
  }
} finally {
  await Promise.all(runtimes.map((r) => r.close()));
  base.cleanup();
}
