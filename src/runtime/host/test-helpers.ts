/** Shared helpers for the host runtime's tests: plan builders and a recording sink. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContainerPlan, PodObservation, PodPlan } from '../pod-plan.js';
import type { Runtime, RuntimeSink } from '../runtime.js';

export function container(
  command: string[],
  args: string[] = [],
  extra: Partial<ContainerPlan> = {},
): ContainerPlan {
  return { name: 'main', image: 'alpine:3', command, args, env: [], ...extra };
}

let counter = 0;

export function plan(overrides: Partial<PodPlan> = {}): PodPlan {
  counter += 1;
  return {
    podName: `wf-${process.pid}-${counter}`,
    nodeId: `wf-${counter}`,
    workflow: { namespace: 'argo', name: 'wf', uid: 'uid-1' },
    templateName: 'main',
    containers: [container(['echo', 'hello world'])],
    initContainers: [],
    sidecars: [],
    volumes: [],
    files: [],
    inputArtifacts: [],
    outputs: { parameters: [], artifacts: [], captureResult: true },
    labels: {},
    annotations: {},
    ...overrides,
  };
}

export class RecordingSink implements RuntimeSink {
  readonly observations: PodObservation[] = [];
  readonly logs = new Map<string, string>();
  readonly logBytes = new Map<string, number>();
  private readonly waiters: { podName: string; resolve: (o: PodObservation) => void }[] = [];

  observe(o: PodObservation): void {
    this.observations.push(o);
    if (o.phase === 'Running' || o.phase === 'Pending') return;
    for (const w of this.waiters.filter((x) => x.podName === o.podName)) w.resolve(o);
  }

  log(podName: string, container: string, stream: 'stdout' | 'stderr', chunk: string): void {
    const key = `${podName}/${container}/${stream}`;
    this.logBytes.set(key, (this.logBytes.get(key) ?? 0) + Buffer.byteLength(chunk));
    // Above the runtimes' caps in tests (1 MiB), so a truncation notice is always kept.
    if ((this.logs.get(key)?.length ?? 0) < 4 * 1024 * 1024)
      this.logs.set(key, (this.logs.get(key) ?? '') + chunk);
  }

  final(podName: string): Promise<PodObservation> {
    const done = this.observations.find((o) => o.podName === podName && o.phase !== 'Running');
    if (done) return Promise.resolve(done);
    return new Promise((resolve) => this.waiters.push({ podName, resolve }));
  }

  of(podName: string): PodObservation[] {
    return this.observations.filter((o) => o.podName === podName);
  }
}

/** Starts a plan and waits for its final observation. */
export async function run(runtime: Runtime, p: PodPlan, sink = new RecordingSink()): Promise<PodObservation> {
  await runtime.start(p, sink);
  return sink.final(p.podName);
}

/** A fresh base directory for pods, removed by the returned cleanup. */
export function tempBase(prefix = 'argosy-host-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
