/**
 * Per-step overhead of the container runtime, against a raw `podman run --rm busybox true` (or
 * `docker run`) timed in the same run, rounds interleaved so machine noise hits both alike:
 *   - raw CLI run                       one `podman run --rm busybox true`
 *   - runtime, one pod                  ContainerRuntime.start -> final observation (removal in the background)
 *   - 20-step sequential workflow       WorkflowController + MemoryStore + ContainerRuntime, wall time / 20
 * Run: npx tsx src/runtime/container/container-step.bench.ts [rounds]   (needs an engine: scripts/container-setup.sh)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkflowController } from '../../controller/workflow-controller.js';
import { prepareSubmission } from '../../engine/index.js';
import { applyDefaults } from '../../spec/index.js';
import type { Workflow } from '../../spec/types.js';
import { MemoryStore } from '../../store/index.js';
import { container, plan, run } from '../host/test-helpers.js';
import { ContainerRuntime } from './container-runtime.js';
import { connectEngine } from './engine-client.js';

const rounds = Number(process.argv[2] ?? 3);
const STEPS = 20;

function sequentialWorkflow(steps: number): Workflow {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { generateName: 'bench-seq-', namespace: 'default' },
    spec: {
      entrypoint: 'main',
      templates: [
        { name: 'main', steps: Array.from({ length: steps }, (_, i) => [{ name: `s${i}`, template: 't' }]) },
        { name: 't', container: { image: 'busybox', command: ['true'] } },
      ],
    },
  } as Workflow;
}

const engine = await connectEngine();
const cli = engine.kind === 'podman' ? 'podman' : 'docker';
const dir = mkdtempSync(join(tmpdir(), 'argosy-ct-bench-'));
const runtime = new ContainerRuntime({ scope: dir, stagingDir: join(dir, 'pods'), engine });
await runtime.prepare();
const store = new MemoryStore();
const controller = new WorkflowController({ store, runtime, holder: 'bench', lostPodPolicy: 'restart' });
await controller.start();

const samples = { raw: [] as number[], pod: [] as number[], workflow: [] as number[] };
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
try {
  for (let r = 0; r < rounds; r++) {
    let t0 = process.hrtime.bigint();
    for (let i = 0; i < STEPS; i++) {
      const out = spawnSync(cli, ['run', '--rm', 'busybox', 'true']);
      if (out.status !== 0) throw new Error(`${cli} run failed: ${out.stderr}`);
    }
    samples.raw.push(ms(t0) / STEPS);

    t0 = process.hrtime.bigint();
    for (let i = 0; i < STEPS; i++) {
      const p = plan({ containers: [container(['true'], [], { image: 'busybox' })] });
      const obs = await run(runtime, p);
      if (obs.phase !== 'Succeeded') throw new Error(`pod ${obs.phase}: ${obs.message}`);
      runtime.release(p.podName);
    }
    samples.pod.push(ms(t0) / STEPS);

    t0 = process.hrtime.bigint();
    const created = await store.create(
      prepareSubmission(applyDefaults(sequentialWorkflow(STEPS)) as Workflow),
    );
    const done = await controller.whenCompleted('default', created.metadata.name ?? '');
    if (done.status?.phase !== 'Succeeded') throw new Error(`workflow ${done.status?.phase}`);
    samples.workflow.push(ms(t0) / STEPS);
  }
} finally {
  await controller.stop();
  await runtime.close();
  await runtime.removeAll();
  rmSync(dir, { recursive: true, force: true });
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const raw = median(samples.raw);
console.log(
  `${engine.kind} ${engine.version}, ${rounds} rounds of ${STEPS} sequential steps, median ms per step:`,
);
console.log(`  ${cli} run --rm busybox true   ${raw.toFixed(0)} ms`);
console.log(
  `  container runtime, one pod   ${median(samples.pod).toFixed(0)} ms  (${(median(samples.pod) / raw).toFixed(2)}x)`,
);
console.log(
  `  20-step workflow, per step   ${median(samples.workflow).toFixed(0)} ms  (${(median(samples.workflow) / raw).toFixed(2)}x)`,
);
