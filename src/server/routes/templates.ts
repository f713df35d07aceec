/**
 * WorkflowTemplateService, ClusterWorkflowTemplateService, CronWorkflowService and the
 * WorkflowEventBinding list: the same CRUD + lint shape, one registration per kind.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServedKind } from '../../api/index.js';
import type { CronWorkflow } from '../../spec/types.js';
import { allow } from '../auth.js';
import { listQuery, param, type Query } from '../list-query.js';
import type { ServerContext } from '../server-context.js';
import { bodyOf } from './workflows.js';

type Req = FastifyRequest<{
  Params: { namespace?: string; name?: string };
  Querystring: Query;
  Body: unknown;
}>;

interface KindRoutes {
  kind: ServedKind;
  /** Path up to the namespace or the collection: `/api/v1/workflow-templates/:namespace`. */
  base: string;
  /** Field of the object in create/update/lint bodies. */
  field: string;
  cluster: boolean;
  lint: boolean;
  /** Argo serves only list for some kinds; Argosy adds create/get/update/delete for them. */
  crud: boolean;
}

function registerKind(app: FastifyInstance, ctx: ServerContext, k: KindRoutes): void {
  const { resources } = ctx;
  const ns = (req: Req) => (k.cluster ? '' : (req.params.namespace ?? ''));
  const access = (req: Req, a: 'read' | 'write') =>
    allow(req, ns(req), k.cluster && a === 'write' ? 'admin' : a, k.cluster);

  app.get(k.base, async (req: Req) => {
    access(req, 'read');
    const q = listQuery(req.query);
    const result = await resources.list(k.kind, { namespace: ns(req), ...q });
    const namePattern = param(req.query, 'namePattern');
    const items = namePattern
      ? result.items.filter((i) => (i.metadata.name ?? '').includes(namePattern))
      : result.items;
    return {
      metadata: {
        resourceVersion: result.resourceVersion,
        ...(result.continue ? { continue: result.continue } : {}),
      },
      items,
    };
  });
  if (!k.crud) return;

  app.post(k.base, async (req: Req) => {
    access(req, 'write');
    const body = bodyOf(req);
    const createOptions = (body.createOptions ?? {}) as { dryRun?: unknown };
    const dryRun = Array.isArray(createOptions.dryRun) && createOptions.dryRun.length > 0;
    return resources.create(k.kind, ns(req), body[k.field], { dryRun });
  });
  if (k.lint) {
    app.post(`${k.base}/lint`, async (req: Req) => {
      access(req, 'read');
      return resources.lint(k.kind, ns(req), bodyOf(req)[k.field]);
    });
  }
  app.get(`${k.base}/:name`, async (req: Req) => {
    access(req, 'read');
    return resources.get(k.kind, ns(req), req.params.name ?? '');
  });
  app.put(`${k.base}/:name`, async (req: Req) => {
    access(req, 'write');
    return resources.update(k.kind, ns(req), req.params.name ?? '', bodyOf(req)[k.field]);
  });
  app.delete(`${k.base}/:name`, async (req: Req) => {
    access(req, 'write');
    await resources.delete(
      k.kind,
      ns(req),
      req.params.name ?? '',
      param(req.query, 'deleteOptions.preconditions.resourceVersion'),
    );
    return {};
  });
}

export function registerTemplateRoutes(app: FastifyInstance, ctx: ServerContext): void {
  registerKind(app, ctx, {
    kind: 'WorkflowTemplate',
    base: '/api/v1/workflow-templates/:namespace',
    field: 'template',
    cluster: false,
    lint: true,
    crud: true,
  });
  registerKind(app, ctx, {
    kind: 'ClusterWorkflowTemplate',
    base: '/api/v1/cluster-workflow-templates',
    field: 'template',
    cluster: true,
    lint: true,
    crud: true,
  });
  registerKind(app, ctx, {
    kind: 'CronWorkflow',
    base: '/api/v1/cron-workflows/:namespace',
    field: 'cronWorkflow',
    cluster: false,
    lint: true,
    crud: true,
  });
  registerKind(app, ctx, {
    kind: 'WorkflowEventBinding',
    base: '/api/v1/workflow-event-bindings/:namespace',
    field: 'binding',
    cluster: false,
    lint: false,
    crud: true,
  });
  // CronWorkflow suspend/resume: spec.suspend.
  for (const verb of ['suspend', 'resume'] as const) {
    app.put(`/api/v1/cron-workflows/:namespace/:name/${verb}`, async (req: Req) => {
      const namespace = req.params.namespace ?? '';
      allow(req, namespace, 'write');
      return ctx.resources.mutate<CronWorkflow>('CronWorkflow', namespace, req.params.name ?? '', (cron) => ({
        ...cron,
        spec: { ...cron.spec, suspend: verb === 'suspend' },
      }));
    });
  }
}
