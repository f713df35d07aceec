/**
 * After a controller restart: the pods an earlier controller of the same scope left in the engine.
 * A pod whose main containers all ended is finished: its outcome is read from the containers (exit
 * codes, outputs named by the main container's label, stdout as result). A pod with a main still
 * running is adoptable. A pod whose mains never started is removed when looked for by name, just
 * before this process starts it again; a scan of the whole scope leaves it alone.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ContainerInfo } from 'dockerode';
import type { ExecutorServices, SavingPlan } from '../../executor/index.js';
import { resultFromTail } from '../host/output-capture.js';
import type { PodObservation, PodPlan } from '../pod-plan.js';
import { saveContainerArtifacts } from './container-artifacts.js';
import { stdoutOf } from './container-logs.js';
import { type ContainerEnd, podOutcome, recoveredStopReason } from './container-outcome.js';
import { collectOutputs } from './container-outputs.js';
import type { FoundContainer } from './container-pod.js';
import type { Engine } from './engine-client.js';
import { LABEL, labelFilter, MANAGED_BY, type Role } from './labels.js';

export interface RecoveredPods {
  finished: Map<string, PodObservation>;
  running: Map<string, { startedAt: string; found: FoundContainer[] }>;
}

/** `onlyPod`: look for that pod only (a start that may find a pod another controller process left). */
export async function recoverPods(
  engine: Engine,
  scope: string,
  stagingDir: string,
  artifacts: ExecutorServices,
  onlyPod?: string,
): Promise<RecoveredPods> {
  const { docker } = engine;
  const list = await docker.listContainers({
    all: true,
    filters: labelFilter({
      [LABEL.managedBy]: MANAGED_BY,
      [LABEL.scope]: scope,
      ...(onlyPod ? { [LABEL.pod]: onlyPod } : {}),
    }),
  });
  const byPod = new Map<string, ContainerInfo[]>();
  for (const c of list) {
    const pod = c.Labels[LABEL.pod];
    if (!pod) continue;
    byPod.set(pod, [...(byPod.get(pod) ?? []), c]);
  }
  const out: RecoveredPods = { finished: new Map(), running: new Map() };
  for (const [podName, containers] of byPod) {
    const found = await Promise.all(containers.map((c) => describe(engine, c)));
    const mains = found.filter((f) => f.role === 'main');
    const startedAt = containers[0]?.Labels[LABEL.startedAt] ?? new Date().toISOString();
    if (
      mains.some((m) => m.running) ||
      (mains.length > 0 &&
        found.some((f) => f.running && f.role === 'sidecar' && mains.every((m) => !m.started)))
    ) {
      out.running.set(podName, { startedAt, found });
    } else if (mains.length > 0 && mains.every((m) => m.started && !m.running)) {
      out.finished.set(
        podName,
        await finishedObservation(engine, podName, containers, found, startedAt, { stagingDir, artifacts }),
      );
    } else if (onlyPod !== undefined) {
      // Never started, and this process is about to start it (it holds the workflow): left by a
      // controller that died while creating it. A scan of the whole scope leaves such pods alone:
      // another live controller of the same home may be creating it right now (removing it there
      // killed a step with exit code 137 in CI).
      await Promise.all(
        found.map((f) =>
          docker
            .getContainer(f.id)
            .remove({ force: true })
            .catch(() => {}),
        ),
      );
    }
  }
  return out;
}

type Described = FoundContainer & { started: boolean; finishedAt?: string };

async function describe(engine: Engine, c: ContainerInfo): Promise<Described> {
  const info = await engine.docker.getContainer(c.Id).inspect();
  const started =
    info.State.Running || (info.State.StartedAt !== '' && !info.State.StartedAt.startsWith('0001'));
  return {
    id: c.Id,
    name: c.Labels[LABEL.container] ?? '',
    role: (c.Labels[LABEL.role] ?? 'main') as Role,
    running: info.State.Running,
    started,
    ...(started && !info.State.Running
      ? { exitCode: info.State.ExitCode, finishedAt: info.State.FinishedAt }
      : {}),
  };
}

async function finishedObservation(
  engine: Engine,
  podName: string,
  containers: ContainerInfo[],
  found: Described[],
  startedAt: string,
  staging: { stagingDir: string; artifacts: ExecutorServices },
): Promise<PodObservation> {
  const mains = found.filter((f) => f.role === 'main');
  const ends: ContainerEnd[] = mains.map((m) => ({ name: m.name, exitCode: m.exitCode ?? 0 }));
  const labels = containers[0]?.Labels ?? {};
  // A pod killed by its deadline just before its controller went away still says so.
  const outcome = podOutcome(ends, recoveredStopReason(labels[LABEL.deadlineAt], mains));
  const obs: PodObservation = {
    podName,
    nodeId: labels[LABEL.nodeId] ?? '',
    phase: outcome.phase,
    startedAt,
    finishedAt: new Date().toISOString(),
    containers: outcome.containers,
  };
  if (outcome.message) obs.message = outcome.message;
  const main = mains.find((m) => m.name === 'main') ?? mains[mains.length - 1];
  const info = containers.find((c) => c.Id === main?.id);
  if (main && info) {
    const outputs = JSON.parse(info.Labels[LABEL.outputs] ?? '{}') as Partial<PodPlan['outputs']>;
    const container = engine.docker.getContainer(main.id);
    const plan = { podName, outputs: { parameters: [], artifacts: [], captureResult: false, ...outputs } };
    const result = plan.outputs.captureResult ? resultFromTail(await stdoutOf(container)) : undefined;
    const collected = await collectOutputs(plan, container, {
      exitCode: main.exitCode ?? 0,
      ...(result !== undefined ? { result } : {}),
    });
    obs.outputs = collected.outputs;
    const repository = info.Labels[LABEL.artifactRepository];
    const saving: SavingPlan = {
      outputs: plan.outputs,
      workflow: { namespace: info.Labels[LABEL.namespace] ?? 'default' },
      ...(repository ? { artifactRepository: JSON.parse(repository) as PodPlan['artifactRepository'] } : {}),
    };
    const dir = join(staging.stagingDir, '.artifacts', podName);
    const saved = await saveContainerArtifacts(saving, container, staging.artifacts, dir).finally(() =>
      rm(dir, { recursive: true, force: true }).catch(() => {}),
    );
    obs.outputs.artifacts = saved.artifacts;
    const error = [collected.error, ...saved.errors].filter(Boolean).join('; ');
    if (error && obs.phase === 'Succeeded') {
      obs.phase = 'Error';
      obs.message = error;
    }
  }
  return obs;
}
