/**
 * `argosy cp WORKFLOW DIR`: downloads a workflow's output artifacts, like `argo cp`. Each artifact is
 * placed as its step left it (a file, or a directory unpacked from its tarball) at
 * `DIR/<path pattern>`, default `{namespace}/{workflowName}/{nodeId}/outputs/{artifactName}`.
 */
import { isAbsolute, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { ValidationError } from '../../errors/index.js';
import type { Artifact, NodeStatus, Workflow } from '../../spec/types.js';
import { withContext, withServerOption } from '../context.js';
import { resolveWorkflowName } from '../resolve-name.js';

interface CpOptions {
  namespace?: string;
  server?: string;
  artifactName?: string;
  nodeId?: string;
  templateName?: string;
  path: string;
}

const DEFAULT_PATH = '{namespace}/{workflowName}/{nodeId}/outputs/{artifactName}';

export function registerCp(program: Command): void {
  withServerOption(program.command('cp'))
    .description("copy a workflow's output artifacts to a local directory")
    .argument('<workflow>', 'workflow name (or @latest)')
    .argument('<output-directory>', 'where to put the artifacts')
    .option('-n, --namespace <ns>', 'namespace')
    .option('--artifact-name <name>', 'only the artifacts with this name')
    .option('--node-id <id>', 'only the artifacts of this node')
    .option('--template-name <name>', 'only the artifacts of nodes running this template')
    .option(
      '--path <pattern>',
      'path under the output directory; {workflowName}, {nodeId}, {templateName}, {artifactName}, {namespace}',
      DEFAULT_PATH,
    )
    .action(async (workflow: string, outDir: string, opts: CpOptions) => {
      await withContext(opts, async (ctx) => {
        const name = await resolveWorkflowName(ctx, workflow);
        const wf = await ctx.client.getWorkflow(ctx.namespace, name);
        const picked = pickArtifacts(wf, opts);
        if (picked.length === 0)
          throw new ValidationError('', `workflow ${name} has no output artifacts matching the filters`);
        const root = resolve(outDir);
        const targets = picked.map(({ node, artifact }) => ({
          nodeId: node.id,
          artifact,
          dest: join(root, expand(opts.path, { wf: name, ns: ctx.namespace, node, artifact })),
        }));
        await ctx.resources.downloadArtifacts(wf, targets);
        for (const t of targets) process.stdout.write(`${t.dest}\n`);
      });
    });
}

function pickArtifacts(wf: Workflow, opts: CpOptions): { node: NodeStatus; artifact: Artifact }[] {
  const out: { node: NodeStatus; artifact: Artifact }[] = [];
  const nodes = Object.values(wf.status?.nodes ?? {}).sort((a, b) => a.id.localeCompare(b.id));
  for (const node of nodes) {
    if (node.type !== 'Pod') continue;
    if (opts.nodeId && node.id !== opts.nodeId) continue;
    if (opts.templateName && node.templateName !== opts.templateName) continue;
    for (const artifact of node.outputs?.artifacts ?? []) {
      if (opts.artifactName && artifact.name !== opts.artifactName) continue;
      out.push({ node, artifact });
    }
  }
  return out;
}

function expand(
  pattern: string,
  v: { wf: string; ns: string; node: NodeStatus; artifact: Artifact },
): string {
  const path = pattern
    .replaceAll('{workflowName}', v.wf)
    .replaceAll('{namespace}', v.ns)
    .replaceAll('{nodeId}', v.node.id)
    .replaceAll('{templateName}', v.node.templateName ?? '')
    .replaceAll('{artifactName}', v.artifact.name);
  if (isAbsolute(path) || path.split('/').includes('..')) {
    throw new ValidationError('--path', `must stay inside the output directory, got '${path}'`);
  }
  return path;
}
