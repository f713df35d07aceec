/**
 * archiveLogs: a finished pod's main-container log, as stored, saved to the pod's artifact repository
 * as the `main-logs` artifact (`<key prefix>/main.log`), like Argo's executor does.
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type ExecutorServices, type SavedArtifact, saveOutputArtifacts } from '../executor/index.js';
import type { PodPlan } from '../runtime/pod-plan.js';
import type { LogStore } from '../store/index.js';

const PAGE = 5000;

/** Saves the log; resolves with the artifact to report, or an error message. */
export async function archivePodLogs(
  logs: LogStore,
  services: ExecutorServices,
  plan: PodPlan,
  tmpRoot: string,
): Promise<SavedArtifact | { error: string }> {
  await mkdir(tmpRoot, { recursive: true });
  const dir = await mkdtemp(join(tmpRoot, 'logs-'));
  try {
    const file = join(dir, 'main.log');
    const out = createWriteStream(file);
    const filter = {
      namespace: plan.workflow.namespace,
      workflow: plan.workflow.name,
      podName: plan.podName,
      container: 'main',
    };
    let since: number | undefined;
    for (;;) {
      const lines = await logs.readLogs(filter, {
        limit: PAGE,
        ...(since === undefined ? {} : { sinceSeq: since }),
      });
      for (const line of lines) {
        if (!out.write(line.partial ? line.content : `${line.content}\n`)) await once(out, 'drain');
      }
      if (lines.length < PAGE) break;
      since = lines[lines.length - 1]?.seq;
    }
    out.end();
    await once(out, 'close');
    const logPlan: PodPlan = {
      ...plan,
      outputs: {
        parameters: [],
        captureResult: false,
        artifacts: [{ name: 'main-logs', path: file, spec: { archive: { none: {} } } }],
      },
    };
    const identity = { writePath: (p: string) => p, readPath: (p: string) => p };
    const saved = await saveOutputArtifacts(logPlan, identity, services, join(dir, 'tmp'));
    const artifact = saved.artifacts[0];
    if (!artifact) return { error: saved.errors.join('; ') || 'the log was not saved' };
    const { archive: _none, ...reported } = artifact;
    return { ...reported, path: '' };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
