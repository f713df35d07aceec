/**
 * Decides whether one of Argo's example Workflows can run on the host runtime, or why not.
 * The host runs each step's command as a local process and ignores the image, so a workflow is
 * runnable when it needs nothing but commands this host has: no volumes, remote artifacts, sidecars,
 * Kubernetes API, network services or template types the engine does not implement yet.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { storedTemplatesOf } from '../../engine/template-refs.js';
import type { Template, Workflow, WorkflowSpec, WorkflowStep } from '../../spec/types.js';
import { specArtifactReason, templateArtifactReason } from './artifact-reason.js';

/** The reason to skip a workflow, or undefined when it is runnable here. */
export type Classification = { runnable: true } | { runnable: false; reason: string };

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** True when `command` is an executable file: an absolute path, or found on $PATH. */
export function onPath(command: string, path: string = process.env.PATH ?? ''): boolean {
  const candidates = isAbsolute(command) ? [command] : path.split(delimiter).map((d) => join(d, command));
  return candidates.some((file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** True when some value under `value` (any depth) is an object holding `key`. */
function hasKeyDeep(value: unknown, key: string): boolean {
  if (Array.isArray(value)) return value.some((v) => hasKeyDeep(v, key));
  if (!isRecord(value)) return false;
  return Object.entries(value).some(([k, v]) => (k === key && v !== undefined) || hasKeyDeep(v, key));
}

function nonEmpty(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : value !== undefined && value !== null;
}

/** Reasons that rule out the workflow as a whole (its spec outside the templates). */
function specReason(spec: WorkflowSpec): string | undefined {
  if (nonEmpty(spec.volumes) || nonEmpty(spec.volumeClaimTemplates)) return 'uses volumes';
  const artifacts = specArtifactReason(spec);
  if (artifacts) return artifacts;
  if (hasKeyDeep(spec.arguments, 'configMapKeyRef')) return 'needs a Kubernetes API (ConfigMap parameters)';
  if (spec.synchronization) return 'synchronization: run by reuse-examples.integration.test.ts';
  return undefined;
}

/** Reasons that rule out one template. */
function templateReason(t: Template): string | undefined {
  if (t.resource) return 'resource template: run by reuse-examples.integration.test.ts';
  if (t.containerSet) return 'containerSet template';
  if (t.plugin) return 'executor plugin template';
  if (t.http) return 'http template needs network';
  if (nonEmpty(t.volumes) || hasKeyDeep(t.container, 'volumeMounts') || hasKeyDeep(t.script, 'volumeMounts'))
    return 'uses volumes';
  const artifacts = templateArtifactReason(t);
  if (artifacts) return artifacts;
  if (nonEmpty(t.sidecars)) return 'sidecars';
  if (nonEmpty(t.initContainers)) return 'init containers';
  if (t.daemon) return 'daemon steps';
  if (t.memoize) return 'memoization: run by reuse-examples.integration.test.ts';
  if (t.synchronization) return 'synchronization: run by reuse-examples.integration.test.ts';
  if (hasKeyDeep(t.inputs, 'configMapKeyRef')) return 'needs a Kubernetes API (ConfigMap parameters)';
  if (hasKeyDeep(t.container, 'secretKeyRef') || hasKeyDeep(t.script, 'secretKeyRef'))
    return 'needs a Kubernetes API (Secrets)';
  const source = JSON.stringify([t.container, t.script]);
  if (/\bkubectl\b/.test(source)) return 'needs a Kubernetes API (kubectl)';
  return commandReason(t);
}

function commandReason(t: Template): string | undefined {
  const argv0 = t.script ? t.script.command?.[0] : t.container ? t.container.command?.[0] : undefined;
  if (!t.script && !t.container) return undefined;
  if (argv0 === undefined) return `image entrypoint unknown (no command; image ${imageOf(t)})`;
  if (argv0.includes('{{')) return undefined;
  if (!onPath(argv0)) return `command \`${argv0}\` not on this host`;
  return undefined;
}

function imageOf(t: Template): string {
  return t.script?.image ?? t.container?.image ?? '?';
}

/** Every template of the spec: the named ones, templateDefaults and inline templates of steps and tasks. */
function allTemplates(wf: Workflow): Template[] {
  const out: Template[] = [];
  const visit = (t: Template): void => {
    out.push(t);
    const groups = (t.steps ?? []).map((g) => (Array.isArray(g) ? (g as WorkflowStep[]) : (g.steps ?? [])));
    for (const step of groups.flat()) if (step.inline) visit(step.inline);
    for (const task of t.dag?.tasks ?? []) if (task.inline) visit(task.inline);
  };
  for (const t of [...(wf.spec.templates ?? []), ...storedTemplatesOf(wf)]) visit(t);
  if (wf.spec.templateDefaults) out.push(wf.spec.templateDefaults);
  return out;
}

/**
 * Runnable on the host runtime, or the first reason it is not. References to WorkflowTemplates
 * must have been resolved into wf.status first (see src/engine/template-refs.ts).
 */
export function classifyWorkflow(wf: Workflow): Classification {
  const stored = wf.status?.storedWorkflowTemplateSpec;
  const reason =
    specReason(wf.spec) ??
    (stored ? specReason(stored) : undefined) ??
    allTemplates(wf)
      .map((t) => templateReason(t))
      .find((r) => r !== undefined);
  return reason === undefined ? { runnable: true } : { runnable: false, reason };
}

/**
 * Container-runtime mode: runnable when every image is present in the engine (`localImages`, full
 * references like docker.io/library/busybox:latest) and nothing needs a cluster. Sidecars, init
 * containers, containerSets, daemons and emptyDir/claim volumes are fine here; artifacts beyond
 * raw ones and Kubernetes resources are not (yet).
 */
export function classifyForContainers(wf: Workflow, localImages: Set<string>): Classification {
  const stored = wf.status?.storedWorkflowTemplateSpec;
  const reason =
    containerSpecReason(wf.spec) ??
    (stored ? containerSpecReason(stored) : undefined) ??
    allTemplates(wf)
      .map((t) => containerTemplateReason(t, localImages))
      .find((r) => r !== undefined);
  return reason === undefined ? { runnable: true } : { runnable: false, reason };
}

/** `busybox` -> `docker.io/library/busybox:latest`, as engines expand short names. */
export function fullImageName(image: string): string {
  let ref = image.trim();
  const slash = ref.indexOf('/');
  const first = slash < 0 ? '' : ref.slice(0, slash);
  if (slash < 0) ref = `docker.io/library/${ref}`;
  else if (!first.includes('.') && !first.includes(':') && first !== 'localhost') ref = `docker.io/${ref}`;
  const lastPart = ref.slice(ref.lastIndexOf('/') + 1);
  if (!lastPart.includes(':') && !lastPart.includes('@')) ref = `${ref}:latest`;
  return ref;
}

function containerSpecReason(spec: WorkflowSpec): string | undefined {
  const volumeReason = (spec.volumes ?? []).map(volumeKindReason).find((r) => r !== undefined);
  if (volumeReason) return volumeReason;
  const artifacts = specArtifactReason(spec);
  if (artifacts) return artifacts;
  if (hasKeyDeep(spec.arguments, 'configMapKeyRef')) return 'needs a Kubernetes API (ConfigMap parameters)';
  if (spec.synchronization) return 'synchronization (semaphores/mutexes)';
  return undefined;
}

function volumeKindReason(v: unknown): string | undefined {
  if (!isRecord(v)) return undefined;
  if ('emptyDir' in v || 'persistentVolumeClaim' in v) return undefined;
  const kind = Object.keys(v).find((k) => k !== 'name') ?? '?';
  return `${kind} volume (needs a Kubernetes API)`;
}

function containerTemplateReason(t: Template, localImages: Set<string>): string | undefined {
  if (t.resource) return 'resource template (needs a Kubernetes API)';
  if (t.plugin) return 'executor plugin template';
  if (t.http) return 'http template needs network';
  const volumeReason = (t.volumes ?? []).map(volumeKindReason).find((r) => r !== undefined);
  if (volumeReason) return volumeReason;
  const artifacts = templateArtifactReason(t, 'container');
  if (artifacts) return artifacts;
  if (t.memoize) return 'memoization (needs a ConfigMap cache)';
  if (t.synchronization) return 'synchronization (semaphores/mutexes)';
  if (hasKeyDeep(t.inputs, 'configMapKeyRef')) return 'needs a Kubernetes API (ConfigMap parameters)';
  const containers = [
    t.container,
    t.script,
    ...(t.sidecars ?? []),
    ...(t.initContainers ?? []),
    ...(t.containerSet?.containers ?? []),
  ];
  if (hasKeyDeep(containers, 'secretKeyRef') || hasKeyDeep(containers, 'configMapKeyRef')) {
    return 'needs a Kubernetes API (Secrets/ConfigMaps)';
  }
  if (hasKeyDeep(containers, 'subPath')) return 'subPath volume mounts';
  const source = JSON.stringify(containers);
  if (/\bkubectl\b/.test(source)) return 'needs a Kubernetes API (kubectl)';
  for (const c of containers) {
    const image = (c as { image?: string } | undefined)?.image;
    if (image === undefined) continue;
    if (image.includes('{{')) return `image chosen by a parameter (${image})`;
    if (!localImages.has(fullImageName(image)))
      return `image ${image} is not in the engine (no registry here)`;
  }
  return undefined;
}
