/** WorkflowService: /api/v1/workflows/{namespace}[/{name}[/verb]] on Argo's paths and JSON shapes. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parseParameters, type SubmitOptions, type VerbOptions, type WorkflowVerb } from '../../api/index.js';
import { ValidationError } from '../../errors/index.js';
import type { Workflow } from '../../spec/types.js';
import { allow } from '../auth.js';
import { workflowDeleter } from '../delete-workflow.js';
import { fieldsFilter } from '../fields-filter.js';
import { listQuery, param, type Query } from '../list-query.js';
import type { ServerContext } from '../server-context.js';

type NsReq = FastifyRequest<{ Params: { namespace: string }; Querystring: Query; Body: unknown }>;
type NameReq = FastifyRequest<{
  Params: { namespace: string; name: string };
  Querystring: Query;
  Body: unknown;
}>;

export function bodyOf(req: FastifyRequest): Record<string, unknown> {
  const body = req.body;
  if (body === undefined || body === null || body === '') return {};
  if (typeof body !== 'object' || Array.isArray(body))
    throw new ValidationError('body', 'the request body must be a JSON object');
  return body as Record<string, unknown>;
}

export function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new ValidationError(field, 'must be a string');
  return v;
}

/** Whether a `fields` filter leaves `items.status.nodes` out, so they need not be read at all. */
export function listNeedsNodes(fields: string | undefined): boolean {
  const f = (fields ?? '').trim();
  if (f === '') return true;
  const paths = f.replace(/^-/, '').split(',');
  if (f.startsWith('-'))
    return !paths.some((p) => p === 'items.status.nodes' || p === 'items.status' || p === 'items');
  return paths.some((p) => p === 'items' || p === 'items.status' || p.startsWith('items.status.nodes'));
}

export function registerWorkflowRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { resources, actions } = ctx;
  const base = '/api/v1/workflows/:namespace';

  app.get(base, async (req: NsReq) => {
    const { namespace } = req.params;
    allow(req, namespace, 'read');
    const fields = param(req.query, 'fields');
    const q = listQuery(req.query);
    const result = await resources.list<Workflow>('Workflow', {
      namespace,
      ...q,
      withNodes: listNeedsNodes(fields),
    });
    const items = result.items.sort((a, b) =>
      String(b.metadata.creationTimestamp).localeCompare(String(a.metadata.creationTimestamp)),
    );
    const metadata = {
      resourceVersion: result.resourceVersion,
      ...(result.continue ? { continue: result.continue } : {}),
    };
    return fieldsFilter(fields)({ metadata, items });
  });

  app.post(base, async (req: NsReq) => {
    const { namespace } = req.params;
    allow(req, namespace, 'write');
    const body = bodyOf(req);
    const createOptions = (body.createOptions ?? {}) as { dryRun?: unknown };
    const dryRun =
      body.serverDryRun === true || (Array.isArray(createOptions.dryRun) && createOptions.dryRun.length > 0);
    return resources.create('Workflow', namespace, body.workflow, { dryRun });
  });

  app.post(`${base}/lint`, async (req: NsReq) => {
    const { namespace } = req.params;
    allow(req, namespace, 'read');
    return resources.lint('Workflow', namespace, bodyOf(req).workflow);
  });

  app.post(`${base}/submit`, async (req: NsReq) => {
    const { namespace } = req.params;
    allow(req, namespace, 'write');
    const body = bodyOf(req);
    const opts = body.submitOptions ?? {};
    if (typeof opts !== 'object' || Array.isArray(opts))
      throw new ValidationError('submitOptions', 'must be an object');
    return actions.submitFrom(namespace, body.resourceKind, body.resourceName, opts as SubmitOptions);
  });

  app.get(`${base}/:name`, async (req: NameReq) => {
    const { namespace, name } = req.params;
    allow(req, namespace, 'read');
    const wf = await resources.get<Workflow>('Workflow', namespace, name);
    return fieldsFilter(param(req.query, 'fields'))(wf);
  });

  const deleteWorkflow = workflowDeleter(ctx);
  app.delete(`${base}/:name`, async (req: NameReq) => {
    const { namespace, name } = req.params;
    allow(req, namespace, 'write');
    const resourceVersion = param(req.query, 'deleteOptions.preconditions.resourceVersion');
    const force = param(req.query, 'force') === 'true';
    await deleteWorkflow(namespace, name, resourceVersion, (m) => req.log.warn(`artifact GC: ${m}`), force);
    return {};
  });

  const verb = (v: WorkflowVerb, options: (body: Record<string, unknown>) => VerbOptions) => {
    app.put(`${base}/:name/${v}`, async (req: NameReq) => {
      const { namespace, name } = req.params;
      allow(req, namespace, 'write');
      return actions.apply(namespace, name, v, options(bodyOf(req)));
    });
  };
  verb('suspend', () => ({}));
  verb('terminate', () => ({}));
  verb('resume', (b) => ({ nodeFieldSelector: optionalString(b, 'nodeFieldSelector') }));
  verb('stop', (b) => ({
    nodeFieldSelector: optionalString(b, 'nodeFieldSelector'),
    message: optionalString(b, 'message'),
  }));
  verb('retry', (b) => ({
    restartSuccessful: b.restartSuccessful === true,
    nodeFieldSelector: optionalString(b, 'nodeFieldSelector'),
  }));
  verb('set', (b) => ({
    nodeFieldSelector: optionalString(b, 'nodeFieldSelector'),
    message: optionalString(b, 'message'),
    phase: optionalString(b, 'phase'),
    outputParameters: optionalString(b, 'outputParameters'),
  }));

  app.put(`${base}/:name/resubmit`, async (req: NameReq) => {
    const { namespace, name } = req.params;
    allow(req, namespace, 'write');
    const body = bodyOf(req);
    const old = await resources.get<Workflow>('Workflow', namespace, name);
    return actions.resubmit(old, parseParameters(body.parameters, 'parameters'));
  });
}
