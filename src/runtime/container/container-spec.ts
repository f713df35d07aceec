/**
 * One ContainerPlan of a pod as the Engine API's create-container body: image, entrypoint and
 * arguments, Argo's environment, labels, mounts, the pod's shared network, limits and user.
 * Pure: no engine calls.
 */
import type { ContainerCreateOptions } from 'dockerode';
import type { ContainerPlan, PodPlan } from '../pod-plan.js';
import { containerName, LABEL, MANAGED_BY, type Role } from './labels.js';
import { bindsOf, type VolumeMap, volumeMountsOf } from './pod-volumes.js';
import { memoryBytes, nanoCpus } from './quantities.js';

export interface SpecContext {
  plan: PodPlan;
  scope: string;
  volumes: VolumeMap;
  startedAt: string;
  /** `container:<id>` to join another container's network namespace, or undefined for the default. */
  networkMode?: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

export function podLabels(ctx: SpecContext): Record<string, string> {
  const { plan } = ctx;
  const labels: Record<string, string> = {
    [LABEL.managedBy]: MANAGED_BY,
    [LABEL.scope]: ctx.scope,
    [LABEL.pod]: plan.podName,
    [LABEL.nodeId]: plan.nodeId,
    [LABEL.workflow]: plan.workflow.name,
    [LABEL.namespace]: plan.workflow.namespace,
    [LABEL.workflowUid]: plan.workflow.uid,
    [LABEL.startedAt]: ctx.startedAt,
  };
  if (plan.activeDeadlineSeconds !== undefined) {
    labels[LABEL.deadlineAt] = deadlineAt(ctx.startedAt, plan.activeDeadlineSeconds);
  }
  return labels;
}

/** When a pod started at `startedAt` with `activeDeadlineSeconds` must be stopped. */
export function deadlineAt(startedAt: string, activeDeadlineSeconds: number): string {
  return new Date(Date.parse(startedAt) + activeDeadlineSeconds * 1000).toISOString();
}

/** Argo's variables in every container, then the container's own env. */
export function envOf(plan: PodPlan, c: ContainerPlan): string[] {
  const env: Record<string, string> = {
    ARGO_POD_NAME: plan.podName,
    ARGO_NODE_ID: plan.nodeId,
    ARGO_CONTAINER_NAME: c.name,
    ARGO_TEMPLATE: plan.templateName,
    ARGO_WORKFLOW_NAME: plan.workflow.name,
    ARGO_WORKFLOW_NAMESPACE: plan.workflow.namespace,
    ARGO_WORKFLOW_UID: plan.workflow.uid,
  };
  if (plan.activeDeadlineSeconds !== undefined) {
    env.ARGO_DEADLINE = new Date(Date.now() + plan.activeDeadlineSeconds * 1000).toISOString();
  }
  for (const { name, value } of c.env) env[name] = value;
  return Object.entries(env).map(([k, v]) => `${k}=${v}`);
}

export function envPairs(env: string[]): Array<{ name: string; value: string }> {
  return env.map((kv) => {
    const at = kv.indexOf('=');
    return { name: kv.slice(0, at), value: kv.slice(at + 1) };
  });
}

/** `uid[:gid]` from runAsUser/runAsGroup (the container's securityContext over the pod's). */
export function userOf(plan: PodPlan, c: ContainerPlan): string | undefined {
  const own = isRecord(c.extra?.securityContext) ? c.extra.securityContext : {};
  const pod = plan.securityContext ?? {};
  const uid = own.runAsUser ?? pod.runAsUser;
  const gid = own.runAsGroup ?? pod.runAsGroup;
  if (uid === undefined && gid === undefined) return undefined;
  if (uid === undefined) return `0:${gid}`;
  return gid === undefined ? String(uid) : `${uid}:${gid}`;
}

/** resources.limits (memory, cpu), falling back to requests when no limit is given. */
export function limitsOf(c: ContainerPlan): { Memory?: number; NanoCpus?: number } {
  const resources = isRecord(c.extra?.resources) ? c.extra.resources : {};
  const limits = isRecord(resources.limits) ? resources.limits : {};
  const out: { Memory?: number; NanoCpus?: number } = {};
  const memory = memoryBytes(limits.memory);
  const cpu = nanoCpus(limits.cpu);
  if (memory !== undefined && memory > 0) out.Memory = memory;
  if (cpu !== undefined && cpu > 0) out.NanoCpus = cpu;
  return out;
}

export function createOptions(ctx: SpecContext, c: ContainerPlan, role: Role): ContainerCreateOptions {
  const { plan } = ctx;
  const labels: Record<string, string> = {
    ...podLabels(ctx),
    [LABEL.container]: c.name,
    [LABEL.role]: role,
  };
  if (role === 'main') labels[LABEL.outputs] = JSON.stringify(plan.outputs);
  if (role === 'main' && plan.artifactRepository)
    labels[LABEL.artifactRepository] = JSON.stringify(plan.artifactRepository);
  const securityContext = isRecord(c.extra?.securityContext) ? c.extra.securityContext : {};
  const env = envOf(plan, c);
  const options: ContainerCreateOptions = {
    name: containerName(ctx.scope, plan.podName, c.name),
    Image: c.image,
    Env: env,
    Labels: labels,
    HostConfig: {
      Binds: bindsOf(volumeMountsOf(c.extra, envPairs(env)), ctx.volumes),
      ...limitsOf(c),
      ...(ctx.networkMode ? { NetworkMode: ctx.networkMode } : {}),
      ...(securityContext.privileged === true ? { Privileged: true } : {}),
    },
  };
  if (c.command.length > 0) options.Entrypoint = c.command;
  if (c.args.length > 0) options.Cmd = c.args;
  else if (c.command.length > 0) options.Cmd = [];
  if (c.workingDir) options.WorkingDir = c.workingDir;
  const user = userOf(plan, c);
  if (user) options.User = user;
  return options;
}
