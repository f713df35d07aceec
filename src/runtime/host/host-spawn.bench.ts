/**
 * Per-step overhead of the host runtime: `true` run N times, sequentially, through
 *   - a bare child_process.spawn (baseline),
 *   - HostRuntime without isolation,
 *   - HostRuntime in a mount namespace (/tmp and /argo binds),
 *   - HostRuntime in a mount namespace with an overlay (an input file at /bin/tool).
 * Run: npx tsx src/runtime/host/host-spawn.bench.ts [N]
 */
import { spawn } from 'node:child_process';
import type { PodPlan } from '../pod-plan.js';
import { HostRuntime } from './host-runtime.js';
import { container, plan, run, tempBase } from './test-helpers.js';

const n = Number(process.argv[2] ?? 200);

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
  console.log(`${label.padEnd(34)} mean ${mean.toFixed(2)} ms  p50 ${p(0.5)}  p90 ${p(0.9)}  p99 ${p(0.99)}`);
}

const bare = () =>
  new Promise<void>((resolve, reject) => {
    const child = spawn('true', [], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child.on('error', reject);
    child.on('close', () => resolve());
  });

const base = tempBase('argosy-bench-');
try {
  const direct = new HostRuntime({ baseDir: `${base.dir}/direct`, isolation: 'none' });
  const isolated = new HostRuntime({ baseDir: `${base.dir}/ns`, isolation: 'namespace' });
  const simple = (): PodPlan => plan({ containers: [container(['true'])] });
  const withOverlay = (): PodPlan =>
    plan({
      containers: [container(['true'])],
      inputArtifacts: [{ name: 'tool', path: '/bin/argosy-bench-tool', spec: { raw: { data: 'x' } } }],
    });
  console.log(`${n} sequential steps each`);
  await time('bare spawn', bare);
  await time('host runtime, no isolation', () => run(direct, simple()));
  await time('host runtime, mount namespace', () => run(isolated, simple()));
  await time('host runtime, namespace + overlay', () => run(isolated, withOverlay()));
} finally {
  base.cleanup();
}
