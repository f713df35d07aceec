/**
 * What the host runtime can honour. A plan asking for more is refused with a ValidationError before
 * anything starts — never silently run without the part it asked for.
 */
import { posix } from 'node:path';
import { ValidationError } from '../../errors/index.js';
import type { ContainerPlan, PodPlan } from '../pod-plan.js';
import { isConfigVolume } from './config-volume-files.js';

/** Container fields accepted but not enforced: the image is not used, and limits are not applied. */
const TOLERATED_EXTRA = new Set(['imagePullPolicy', 'resources', 'volumeMounts']);

/** Paths a step may not place or read files at: the kernel's own filesystems. */
const FORBIDDEN_PREFIXES = ['/proc', '/sys', '/dev'];

const OTHER_RUNTIMES = 'use the container or kubernetes runtime for this template';

export function checkHostPlan(plan: PodPlan): void {
  const fail = (path: string, reason: string): never => {
    throw new ValidationError(path, reason, { kind: 'PodPlan', name: plan.podName });
  };
  if (plan.containers.length === 0) fail('containers', 'the plan has no main container');
  if (plan.containers.length > 1) {
    fail(
      'containers',
      `the host runtime runs one main container; this containerSet has ${plan.containers.length} (${OTHER_RUNTIMES})`,
    );
  }
  if (plan.initContainers.length > 0) {
    fail('initContainers', `the host runtime cannot run init containers (${OTHER_RUNTIMES})`);
  }
  if (plan.sidecars.length > 0) fail('sidecars', `the host runtime cannot run sidecars (${OTHER_RUNTIMES})`);
  plan.volumes.forEach((v, i) => {
    if (!isConfigVolume(v)) {
      fail(
        `volumes[${i}]`,
        `the host runtime cannot mount volume '${String(v.name)}': it places configMap and secret volumes only (${OTHER_RUNTIMES})`,
      );
    }
    if (!plan.configVolumes?.[String(v.name)]) {
      fail(`volumes[${i}]`, `volume '${String(v.name)}': its ConfigMap or Secret was not read`);
    }
  });
  plan.containers.forEach((c, i) => {
    checkContainer(c, `containers[${i}]`, fail);
    checkConfigMounts(c, `containers[${i}]`, plan, fail);
  });

  for (const [i, f] of plan.files.entries()) checkPath(f.path, `files[${i}].path`, fail);
  plan.inputArtifacts.forEach((a, i) => {
    checkPath(a.path, `inputArtifacts[${i}].path`, fail);
    checkNotAtRoot(a.path, `inputArtifacts[${i}].path`, fail);
  });
  for (const [i, p] of plan.outputs.parameters.entries())
    checkPath(p.path, `outputs.parameters[${i}].path`, fail);
  for (const [i, a] of plan.outputs.artifacts.entries()) {
    checkPath(a.path, `outputs.artifacts[${i}].path`, fail);
    checkNotAtRoot(a.path, `outputs.artifacts[${i}].path`, fail);
  }
  if (plan.activeDeadlineSeconds !== undefined && !(plan.activeDeadlineSeconds > 0)) {
    fail('activeDeadlineSeconds', `must be a positive number of seconds, got ${plan.activeDeadlineSeconds}`);
  }
}

/** The `raw.data` of an input artifact spec, if it is a raw artifact. */
export function rawArtifactData(spec: Record<string, unknown>): string | undefined {
  const raw = spec.raw;
  if (typeof raw !== 'object' || raw === null) return undefined;
  const data = (raw as Record<string, unknown>).data;
  return typeof data === 'string' ? data : undefined;
}

function checkContainer(c: ContainerPlan, at: string, fail: (path: string, reason: string) => never): void {
  if (c.command.length === 0 && c.args.length === 0) {
    fail(
      `${at}.command`,
      `container '${c.name}' has no command: the host runtime cannot know the entrypoint of image '${c.image}'`,
    );
  }
  if (c.command.length === 0) {
    fail(
      `${at}.command`,
      `container '${c.name}' has args but no command: the host runtime cannot know the entrypoint of image '${c.image}'`,
    );
  }
  if (c.workingDir !== undefined && c.workingDir !== '') checkPath(c.workingDir, `${at}.workingDir`, fail);
  for (const [key, value] of Object.entries(c.extra ?? {})) {
    if (TOLERATED_EXTRA.has(key) || isEmpty(value)) continue;
    fail(`${at}.${key}`, `the host runtime cannot honour the container field '${key}' (${OTHER_RUNTIMES})`);
  }
}

/** volumeMounts of configMap and secret volumes only, at absolute paths, subPath inside the volume. */
function checkConfigMounts(
  c: ContainerPlan,
  at: string,
  plan: PodPlan,
  fail: (path: string, reason: string) => never,
): void {
  const mounts = c.extra?.volumeMounts;
  if (!Array.isArray(mounts)) return;
  mounts.forEach((m: Record<string, unknown>, j) => {
    const path = `${at}.volumeMounts[${j}]`;
    if (!plan.configVolumes?.[String(m.name)])
      fail(`${path}.name`, `no configMap or secret volume named '${String(m.name)}'`);
    checkPath(String(m.mountPath ?? ''), `${path}.mountPath`, fail);
    if (m.subPathExpr !== undefined)
      fail(`${path}.subPathExpr`, `the host runtime cannot expand subPathExpr (${OTHER_RUNTIMES})`);
    if (
      typeof m.subPath === 'string' &&
      (posix.isAbsolute(m.subPath) || m.subPath.split('/').includes('..'))
    ) {
      fail(`${path}.subPath`, `must be a relative path inside the volume, got '${m.subPath}'`);
    }
  });
}

function checkPath(path: string, at: string, fail: (path: string, reason: string) => never): void {
  if (!posix.isAbsolute(path)) fail(at, `path must be absolute, got '${path}'`);
  const clean = posix.normalize(path);
  if (clean === '/') fail(at, 'path must not be the root directory');
  for (const prefix of FORBIDDEN_PREFIXES) {
    if (clean === prefix || clean.startsWith(`${prefix}/`)) {
      fail(at, `the host runtime cannot place or read files under ${prefix}, got '${path}'`);
    }
  }
}

/** An artifact directly under `/` (`/art`, `/etc`) cannot be given its own mount; /tmp and /argo can. */
function checkNotAtRoot(path: string, at: string, fail: (path: string, reason: string) => never): void {
  const clean = posix.normalize(path).replace(/\/+$/, '');
  if (posix.dirname(clean) === '/' && clean !== '/tmp' && clean !== '/argo') {
    fail(
      at,
      `the host runtime cannot place or read an artifact directly under / ('${path}'): use a directory such as /tmp`,
    );
  }
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}
