/**
 * Renders a workflow the way `argo get` / `argo submit --watch` do: a header of fields, then the
 * node tree (STEP, TEMPLATE, PODNAME, DURATION, MESSAGE). Pure: the clock comes in as `now`.
 */
import { podNameOf } from '../../engine/node-id.js';
import type { NodeStatus, Workflow } from '../../spec/types.js';
import { durationLong, durationShort, secondsBetween, timestamp } from './humanize.js';
import { alignColumns } from './table.js';

export interface RenderOptions {
  now: Date;
  wide?: boolean;
  color?: boolean;
}

const ICONS: Record<string, [string, number]> = {
  Pending: ['◷', 33],
  Running: ['●', 36],
  Succeeded: ['✔', 32],
  Skipped: ['○', 39],
  Failed: ['✖', 31],
  Error: ['⚠', 31],
  Omitted: ['○', 39],
};

function paint(text: string, code: number, color: boolean): string {
  return color ? `\x1b[${code}m${text}\x1b[0m` : text;
}

export function renderWorkflow(wf: Workflow, options: RenderOptions): string {
  const { now } = options;
  const status = wf.status ?? {};
  const lines: string[] = [];
  const field = (label: string, value: string) => lines.push(`${label.padEnd(20)} ${value}`);
  field('Name:', wf.metadata.name ?? '');
  field('Namespace:', wf.metadata.namespace ?? '');
  field('ServiceAccount:', wf.spec.serviceAccountName ?? 'unset (will run with the default ServiceAccount)');
  field('Status:', status.phase || 'Pending');
  if (status.message) field('Message:', status.message);
  if (wf.metadata.deletionTimestamp) {
    const by = (wf.metadata.finalizers ?? []).join(', ');
    field('Deleting:', `since ${timestamp(String(wf.metadata.deletionTimestamp), now)}, waiting for ${by}`);
  }
  const gcError = status.conditions?.find((c) => c.type === 'ArtifactGCError');
  if (gcError?.message) field('ArtifactGCError:', gcError.message);
  if (wf.metadata.creationTimestamp) field('Created:', timestamp(String(wf.metadata.creationTimestamp), now));
  if (status.startedAt) field('Started:', timestamp(String(status.startedAt), now));
  if (status.finishedAt) field('Finished:', timestamp(String(status.finishedAt), now));
  if (status.startedAt) {
    field(
      'Duration:',
      durationLong(secondsBetween(String(status.startedAt), status.finishedAt as string, now)),
    );
  }
  field('Progress:', String(status.progress ?? ''));
  const params = (wf.spec.arguments?.parameters ?? []).filter((p) => p.value !== undefined);
  if (params.length > 0) {
    field('Parameters:', '');
    for (const p of params) field(`  ${p.name}:`, String(p.value));
  }
  const outParams = (status.outputs?.parameters ?? []).filter((p) => p.value !== undefined);
  if (outParams.length > 0) {
    field('Output Parameters:', '');
    for (const p of outParams) field(`  ${p.name}:`, String(p.value));
  }
  const nodes = (status.nodes ?? {}) as Record<string, NodeStatus>;
  const name = wf.metadata.name ?? '';
  if (nodes[name]) {
    lines.push('');
    lines.push(...renderTree(wf, nodes, options));
  }
  return `${lines.join('\n')}\n`;
}

/** The STEP table: one row per visible node, drawn as a tree like Argo's. */
export function renderTree(
  wf: Workflow,
  nodes: Record<string, NodeStatus>,
  options: RenderOptions,
): string[] {
  const wide = options.wide === true;
  const header = wide
    ? ['STEP', 'TEMPLATE', 'PODNAME', 'DURATION', 'ARTIFACTS', 'MESSAGE', 'RESOURCESDURATION', 'NODENAME']
    : ['STEP', 'TEMPLATE', 'PODNAME', 'DURATION', 'MESSAGE'];
  const rows: string[][] = [header];
  const children = treeChildren(nodes);
  const visit = (id: string, nodePrefix: string, childPrefix: string) => {
    const node = nodes[id];
    if (!node) return;
    const hidden = isHidden(node);
    if (!hidden) rows.push(row(wf.metadata.name ?? '', node, nodePrefix, wide, options));
    const kids = children.get(id) ?? [];
    const indentKids = node.type === 'StepGroup';
    kids.forEach((kid, i) => {
      const last = i === kids.length - 1;
      let part: string;
      let sub: string;
      if (hidden && indentKids) {
        if (kids.length === 1) [part, sub] = ['──', '  '];
        else if (i === 0) [part, sub] = ['┬─', '│ '];
        else if (last) [part, sub] = ['└─', '  '];
        else [part, sub] = ['├─', '│ '];
      } else if (!hidden) {
        [part, sub] = last ? ['└─', '  '] : ['├─', '│ '];
      } else {
        [part, sub] = ['', ''];
      }
      if (!hidden) visit(kid, childPrefix + part, childPrefix + sub);
      else visit(kid, (i === 0 ? nodePrefix : childPrefix) + part, childPrefix + sub);
    });
  };
  const name = wf.metadata.name ?? '';
  visit(name, ' ', ' ');
  const onExit = Object.values(nodes).find((n) => n.name === `${name}.onExit` && !n.boundaryID);
  if (onExit && onExit.id !== name) {
    rows.push(wide ? ['', '', '', '', '', '', '', ''] : ['', '', '', '', '']);
    visit(onExit.id, ' ', ' ');
  }
  return alignColumns(rows);
}

function isHidden(node: NodeStatus): boolean {
  if (node.type === 'Retry' && (node.children ?? []).length === 1) return true;
  if (node.type === 'StepGroup') return true;
  return node.type === 'Skipped' && node.phase === 'Omitted';
}

function row(
  wfName: string,
  node: NodeStatus,
  prefix: string,
  wide: boolean,
  options: RenderOptions,
): string[] {
  const phase = String(node.phase ?? 'Pending');
  const [icon, code] =
    node.type === 'Suspend' && phase === 'Running' ? ['ǁ', 36] : (ICONS[phase] ?? ['?', 39]);
  const step = `${prefix}${paint(icon, code, options.color === true)} ${node.displayName ?? node.name}`;
  const template = node.templateRef
    ? `${node.templateRef.name}/${node.templateRef.template}`
    : (node.templateName ?? '');
  const isPod = node.type === 'Pod';
  const podName = isPod ? podNameOf(wfName, node.name, node.templateName ?? '') : '';
  const duration = isPod
    ? durationShort(secondsBetween(node.startedAt as string, node.finishedAt as string, options.now))
    : '';
  const message = node.message ?? '';
  if (!wide) return [step, template, podName, duration, message];
  const artifacts = (node.outputs?.artifacts ?? []).map((a) => a.name).join(',');
  const resources = Object.entries(node.resourcesDuration ?? {})
    .map(([k, v]) => `${v}s*(1 ${k})`)
    .join(',');
  return [
    step,
    template,
    podName,
    duration,
    artifacts,
    message,
    resources,
    isPod ? (node.hostNodeName ?? '') : '',
  ];
}

/**
 * Render children: StepGroup and Retry nodes own their `children`, pods their Container nodes;
 * every other node sits under its boundary (the Steps/DAG node of its template), ordered by start
 * time then name.
 */
function treeChildren(nodes: Record<string, NodeStatus>): Map<string, string[]> {
  const ownedBy = new Map<string, string>();
  for (const node of Object.values(nodes)) {
    if (node.type === 'StepGroup' || node.type === 'Retry') {
      for (const c of node.children ?? []) ownedBy.set(c, node.id);
    } else {
      // A containerSet's containers hang under its pod (or under the containers they depend on).
      for (const c of node.children ?? []) if (nodes[c]?.type === 'Container') ownedBy.set(c, node.id);
    }
  }
  const out = new Map<string, string[]>();
  for (const node of Object.values(nodes)) {
    const parent = ownedBy.get(node.id) ?? node.boundaryID;
    if (!parent || !nodes[parent]) continue;
    const list = out.get(parent) ?? [];
    list.push(node.id);
    out.set(parent, list);
  }
  for (const list of out.values()) list.sort((a, b) => compareNodes(nodes[a], nodes[b]));
  return out;
}

function compareNodes(a: NodeStatus | undefined, b: NodeStatus | undefined): number {
  const ta = a?.startedAt ? Date.parse(String(a.startedAt)) : Number.POSITIVE_INFINITY;
  const tb = b?.startedAt ? Date.parse(String(b.startedAt)) : Number.POSITIVE_INFINITY;
  if (ta !== tb) return ta < tb ? -1 : 1;
  const ia = loopIndex(a?.displayName ?? '');
  const ib = loopIndex(b?.displayName ?? '');
  if (ia >= 0 && ib >= 0) return ia - ib;
  return (a?.displayName ?? '').localeCompare(b?.displayName ?? '');
}

function loopIndex(displayName: string): number {
  const m = /\((\d+)(?::.*)?\)$/.exec(displayName);
  return m?.[1] ? Number(m[1]) : -1;
}
