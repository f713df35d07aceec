/**
 * Container and script templates: substitute the template, turn it into a PodPlan and emit startPod.
 * The node then advances only through PodObservations (see observations.ts).
 */
import type { Vars } from '../../expr/tags/index.js';
import type { ContainerPlan, PodPlan } from '../../runtime/pod-plan.js';
import type { Container, NodeStatus, Template } from '../../spec/types.js';
import { archiveLogsOf } from '../archive-logs.js';
import { repositoryPlan } from '../artifacts/index.js';
import { type Ctx, markPhase } from '../context.js';
import { intOrString, parseDurationSeconds } from '../durations.js';
import type { ExecOpts } from '../execute-template.js';
import { podNameOf } from '../node-id.js';
import { substituteTemplate } from '../substitution.js';
import { createContainerNodes } from './container-nodes.js';
import { containerSetPlans } from './container-set-plan.js';
import { podExtras } from './pod-extras.js';

export const SCRIPT_PATH = '/argo/staging/script';

const CONTAINER_KEYS = new Set(['name', 'image', 'command', 'args', 'env', 'workingDir', 'source']);

export function containerPlan(c: Partial<Container> & { source?: string }, name: string): ContainerPlan {
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c)) if (!CONTAINER_KEYS.has(k)) extra[k] = v;
  const env = (c.env ?? []).map((e) => ({ name: e.name, value: e.value ?? '' }));
  const envFrom = (c.env ?? []).filter((e) => e.valueFrom !== undefined);
  if (envFrom.length > 0) extra.envValueFrom = envFrom;
  const plan: ContainerPlan = {
    name,
    image: c.image ?? '',
    command: [...(c.command ?? [])],
    args: [...(c.args ?? [])],
    env,
  };
  if (c.workingDir) plan.workingDir = c.workingDir;
  if (Object.keys(extra).length > 0) plan.extra = extra;
  return plan;
}

function deadlineSeconds(ctx: Ctx, tmpl: Template): number | undefined {
  const own = intOrString(tmpl.activeDeadlineSeconds) ?? parseDurationSeconds(tmpl.timeout);
  const wfDeadline = ctx.spec.activeDeadlineSeconds;
  let remaining: number | undefined;
  if (wfDeadline !== undefined && ctx.status.startedAt) {
    const end = Date.parse(String(ctx.status.startedAt)) + wfDeadline * 1000;
    remaining = Math.max(1, Math.ceil((end - ctx.nowMs) / 1000));
  }
  if (own === undefined) return remaining;
  if (remaining === undefined) return own;
  return Math.min(own, remaining);
}

export function buildPodPlan(ctx: Ctx, node: NodeStatus, tmpl: Template): PodPlan {
  const templateName = tmpl.name ?? '';
  const files: PodPlan['files'] = [];
  let main: ContainerPlan;
  if (tmpl.script) {
    main = containerPlan(tmpl.script, 'main');
    main.args = [...main.args, SCRIPT_PATH];
    files.push({ path: SCRIPT_PATH, content: tmpl.script.source ?? '', mode: 0o755 });
  } else {
    main = containerPlan(tmpl.container ?? {}, 'main');
  }
  const containers = tmpl.containerSet ? containerSetPlans(tmpl.containerSet) : [main];
  const labels: Record<string, string> = {
    ...(ctx.spec.podMetadata?.labels ?? {}),
    ...(tmpl.metadata?.labels ?? {}),
    'workflows.argoproj.io/workflow': ctx.name,
    'workflows.argoproj.io/completed': 'false',
  };
  const annotations: Record<string, string> = {
    ...(ctx.spec.podMetadata?.annotations ?? {}),
    ...(tmpl.metadata?.annotations ?? {}),
    'workflows.argoproj.io/node-name': node.name,
    'workflows.argoproj.io/node-id': node.id,
  };
  const plan: PodPlan = {
    podName: podNameOf(ctx.name, node.name, templateName),
    nodeId: node.id,
    workflow: {
      namespace: ctx.wf.metadata?.namespace ?? '',
      name: ctx.name,
      uid: ctx.wf.metadata?.uid ?? '',
    },
    templateName,
    containers,
    initContainers: (tmpl.initContainers ?? []).map((c) => containerPlan(c, c.name)),
    sidecars: (tmpl.sidecars ?? []).map((c) => containerPlan(c, c.name)),
    volumes: [...(ctx.spec.volumes ?? []), ...(tmpl.volumes ?? [])] as unknown as Record<string, unknown>[],
    files,
    inputArtifacts: (node.inputs?.artifacts ?? []).map((a) => ({
      name: a.name,
      path: a.path ?? '',
      spec: a as unknown as Record<string, unknown>,
    })),
    outputs: {
      parameters: (tmpl.outputs?.parameters ?? [])
        .filter((p) => p.valueFrom?.path)
        .map((p) => {
          const out: PodPlan['outputs']['parameters'][number] = {
            name: p.name,
            path: p.valueFrom?.path ?? '',
          };
          if (p.valueFrom?.default !== undefined) out.default = String(p.valueFrom.default);
          return out;
        }),
      artifacts: (tmpl.outputs?.artifacts ?? [])
        .filter((a) => a.path)
        .map((a) => {
          const out: PodPlan['outputs']['artifacts'][number] = {
            name: a.name,
            path: a.path ?? '',
            spec: a as unknown as Record<string, unknown>,
          };
          if (a.optional) out.optional = true;
          return out;
        }),
      captureResult: true,
    },
    labels,
    annotations,
  };
  const deadline = deadlineSeconds(ctx, tmpl);
  if (deadline !== undefined) plan.activeDeadlineSeconds = deadline;
  if (ctx.spec.podGC?.strategy) plan.retain = true;
  const archiveLogs = archiveLogsOf(ctx.spec, tmpl);
  if (archiveLogs !== undefined) plan.archiveLogs = archiveLogs;
  const { volumes: claimVolumes, ...extras } = podExtras(ctx, tmpl);
  plan.volumes.push(...claimVolumes);
  Object.assign(plan, extras);
  return plan;
}

/** Substitutes the template and emits startPod; a substitution error fails the node with Error. */
export function startPod(ctx: Ctx, node: NodeStatus, opts: ExecOpts, vars: Vars): NodeStatus {
  let tmpl: Template;
  try {
    tmpl = substituteTemplate(opts.template, vars);
  } catch (err) {
    return markPhase(ctx, node.id, 'Error', (err as Error).message);
  }
  const plan = buildPodPlan(ctx, node, tmpl);
  try {
    if (plan.inputArtifacts.length > 0 || plan.outputs.artifacts.length > 0 || plan.archiveLogs)
      plan.artifactRepository = repositoryPlan(ctx.spec, ctx.status, tmpl, {
        ...vars,
        'pod.name': plan.podName,
      });
  } catch (err) {
    return markPhase(ctx, node.id, 'Error', (err as Error).message);
  }
  if (tmpl.containerSet) createContainerNodes(ctx, node, tmpl);
  ctx.actions.push({ type: 'startPod', plan });
  return ctx.nodes[node.id] ?? node;
}
