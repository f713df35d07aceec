/** ArchivedWorkflowService: /api/v1/archived-workflows[...]; a namespaced token sees its namespace only. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parseParameters } from '../../api/index.js';
import { allow, confinedNamespace } from '../auth.js';
import { listQuery, param, type Query } from '../list-query.js';
import type { ServerContext } from '../server-context.js';
import { bodyOf, optionalString } from './workflows.js';

type Req = FastifyRequest<{ Params: { uid?: string }; Querystring: Query; Body: unknown }>;

/** The namespace a request may look at: the one asked for (checked), else the token's own. */
function scope(req: Req, access: 'read' | 'write'): string {
  const asked = param(req.query, 'namespace') ?? optionalString(bodyOf(req), 'namespace') ?? '';
  const namespace = asked || confinedNamespace(req) || '';
  allow(req, namespace, access);
  return namespace;
}

export function registerArchivedWorkflowRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { archive, actions } = ctx;
  const base = '/api/v1/archived-workflows';

  app.get(base, async (req: Req) => {
    const namespace = scope(req, 'read');
    const q = listQuery(req.query);
    const result = await archive.list({
      ...q,
      namespace: namespace || undefined,
      namePrefix: param(req.query, 'namePrefix'),
    });
    return {
      metadata: {
        resourceVersion: result.resourceVersion,
        ...(result.continue ? { continue: result.continue } : {}),
      },
      items: result.items,
    };
  });
  app.get(`${base}-label-keys`, async (req: Req) => ({ items: await archive.labelKeys(scope(req, 'read')) }));
  app.get(`${base}-label-values`, async (req: Req) => {
    const namespace = scope(req, 'read');
    return {
      items: await archive.labelValues(param(req.query, 'listOptions.labelSelector') ?? '', namespace),
    };
  });
  app.get(`${base}/:uid`, async (req: Req) => archive.get(req.params.uid ?? '', scope(req, 'read')));
  app.delete(`${base}/:uid`, async (req: Req) => {
    await archive.delete(req.params.uid ?? '', scope(req, 'write'));
    return {};
  });
  app.put(`${base}/:uid/retry`, async (req: Req) => {
    const body = bodyOf(req);
    return archive.retry(req.params.uid ?? '', scope(req, 'write'), {
      restartSuccessful: body.restartSuccessful === true,
      nodeFieldSelector: optionalString(body, 'nodeFieldSelector'),
    });
  });
  app.put(`${base}/:uid/resubmit`, async (req: Req) => {
    const namespace = scope(req, 'write');
    const old = await archive.get(req.params.uid ?? '', namespace);
    return actions.resubmit(old, parseParameters(bodyOf(req).parameters, 'parameters'));
  });
}
