/**
 * What the container runtime can honour. A plan asking for more is refused with a ValidationError
 * naming the field, before anything is created.
 */
import { posix } from 'node:path';
import { ValidationError } from '../../errors/index.js';
import type { ContainerPlan, PodPlan } from '../pod-plan.js';
import { badSubPath, podVolumes, volumeMountsOf } from './pod-volumes.js';

/** Container fields applied by the runtime. */
const APPLIED = new Set(['volumeMounts', 'resources', 'securityContext', 'imagePullPolicy', 'dependencies']);
/** Container fields accepted and not applied: they describe Kubernetes behaviour with no effect on a local run. */
const IGNORED = new Set([
  'ports',
  'readinessProbe',
  'livenessProbe',
  'startupProbe',
  'terminationMessagePath',
  'terminationMessagePolicy',
  'stdin',
  'stdinOnce',
  'tty',
  'mirrorVolumeMounts',
]);
const PULL_POLICIES = new Set(['Always', 'IfNotPresent', 'Never']);

export function checkContainerPlan(plan: PodPlan): void {
  const fail = (path: string, reason: string): never => {
    throw new ValidationError(path, reason, { kind: 'PodPlan', name: plan.podName });
  };
  if (plan.containers.length === 0) fail('containers', 'the plan has no main container');
  const volumes = podVolumes(plan, 'check');
  for (const [name, source] of volumes) {
    if ('unsupported' in source) fail(`volumes[${name}]`, source.unsupported);
  }
  const groups: Array<[string, ContainerPlan[]]> = [
    ['containers', plan.containers],
    ['initContainers', plan.initContainers],
    ['sidecars', plan.sidecars],
  ];
  const names = new Set<string>();
  for (const [group, list] of groups) {
    list.forEach((c, i) => {
      const at = `${group}[${i}]`;
      if (names.has(c.name)) fail(`${at}.name`, `container name '${c.name}' is used twice in the pod`);
      names.add(c.name);
      checkContainer(c, at, volumes, fail);
    });
  }
  for (const [i, a] of plan.inputArtifacts.entries()) checkPath(a.path, `inputArtifacts[${i}].path`, fail);
  for (const [i, f] of plan.files.entries()) checkPath(f.path, `files[${i}].path`, fail);
  for (const [i, p] of plan.outputs.parameters.entries())
    checkPath(p.path, `outputs.parameters[${i}].path`, fail);
  for (const [i, a] of plan.outputs.artifacts.entries())
    checkPath(a.path, `outputs.artifacts[${i}].path`, fail);
  if (plan.activeDeadlineSeconds !== undefined && !(plan.activeDeadlineSeconds > 0)) {
    fail('activeDeadlineSeconds', `must be a positive number of seconds, got ${plan.activeDeadlineSeconds}`);
  }
}

function checkContainer(
  c: ContainerPlan,
  at: string,
  volumes: ReturnType<typeof podVolumes>,
  fail: (path: string, reason: string) => never,
): void {
  if (!c.image) fail(`${at}.image`, `container '${c.name}' has no image`);
  for (const [key, value] of Object.entries(c.extra ?? {})) {
    if (APPLIED.has(key) || IGNORED.has(key) || value === undefined || value === null) continue;
    if (key === 'envValueFrom' || key === 'envFrom') {
      fail(
        `${at}.env`,
        `container '${c.name}': its env from ConfigMaps or Secrets was not read (the plan did not come through a controller with a store)`,
      );
    }
    fail(`${at}.${key}`, `the container runtime cannot honour the container field '${key}'`);
  }
  const policy = c.extra?.imagePullPolicy;
  if (policy !== undefined && !PULL_POLICIES.has(String(policy))) {
    fail(`${at}.imagePullPolicy`, `must be Always, IfNotPresent or Never, got '${String(policy)}'`);
  }
  volumeMountsOf(c.extra).forEach((m, j) => {
    const path = `${at}.volumeMounts[${j}]`;
    if (!volumes.has(m.name)) fail(`${path}.name`, `no volume named '${m.name}' in the pod`);
    if (!posix.isAbsolute(m.mountPath)) fail(`${path}.mountPath`, `must be absolute, got '${m.mountPath}'`);
    const bad = m.subPath === undefined ? undefined : badSubPath(m.subPath);
    if (bad) fail(`${path}.subPath`, bad);
  });
}

function checkPath(path: string, at: string, fail: (path: string, reason: string) => never): void {
  if (!posix.isAbsolute(path)) fail(at, `path must be absolute, got '${path}'`);
  if (posix.normalize(path) === '/') fail(at, 'path must not be the root directory');
}
