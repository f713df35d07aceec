/**
 * Argosy's extension (no Argo route exists; Argo leaves ConfigMaps to Kubernetes): the ConfigMaps
 * and Secrets that semaphores, memoization and workflows read, so that `argosy configmap` works
 * against a server as on the embedded store. Same token checks as the Argo kinds: read for
 * ConfigMap list/get, write for apply/delete. Secrets are write-only over HTTP.
 *
 *   GET    /api/v1/argosy/configmaps/{namespace}[/{name}]
 *   PUT    /api/v1/argosy/{configmaps|secrets}/{namespace}/{name}   body {configMap|secret: {...}}
 *   DELETE /api/v1/argosy/{configmaps|secrets}/{namespace}/{name}
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { applyDataResource, type DataResource } from '../../api/apply-data.js';
import { ValidationError } from '../../errors/index.js';
import { allow } from '../auth.js';
import { listQuery, type Query } from '../list-query.js';
import type { ServerContext } from '../server-context.js';
import { bodyOf } from './workflows.js';

type Req = FastifyRequest<{
  Params: { plural: string; namespace: string; name?: string };
  Querystring: Query;
  Body: unknown;
}>;

const KINDS: Record<string, { kind: string; field: string }> = {
  configmaps: { kind: 'ConfigMap', field: 'configMap' },
  secrets: { kind: 'Secret', field: 'secret' },
};

const BASE = '/api/v1/argosy';

function kindOf(req: Req): { kind: string; field: string } {
  const k = KINDS[req.params.plural];
  if (!k)
    throw new ValidationError('path', `no such collection "${req.params.plural}": configmaps or secrets`);
  return k;
}

function desiredOf(req: Req, kind: string, field: string): DataResource {
  const { namespace, name = '' } = req.params;
  const obj = bodyOf(req)[field];
  if (!obj || typeof obj !== 'object' || Array.isArray(obj))
    throw new ValidationError(field, `the body needs a ${kind} object in "${field}"`);
  const given = obj as Partial<DataResource>;
  if (given.kind !== undefined && given.kind !== kind)
    throw new ValidationError(`${field}.kind`, `must be ${kind}, got "${given.kind}"`);
  if (given.metadata?.name !== undefined && given.metadata.name !== name) {
    throw new ValidationError(
      `${field}.metadata.name`,
      `"${given.metadata.name}" does not match the name in the path ("${name}")`,
    );
  }
  const { resourceVersion: _rv, uid: _uid, ...metadata } = given.metadata ?? {};
  return {
    ...given,
    apiVersion: 'v1',
    kind,
    metadata: { ...metadata, name, namespace },
  } as DataResource;
}

export function registerDataResourceRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get(`${BASE}/configmaps/:namespace`, async (req: Req) => {
    allow(req, req.params.namespace, 'read');
    ctx.resources.checkNamespace(req.params.namespace);
    const result = await ctx.store.list('ConfigMap', {
      namespace: req.params.namespace,
      ...listQuery(req.query),
    });
    return {
      metadata: {
        resourceVersion: result.resourceVersion,
        ...(result.continue ? { continue: result.continue } : {}),
      },
      items: result.items,
    };
  });
  app.get(`${BASE}/configmaps/:namespace/:name`, async (req: Req) => {
    allow(req, req.params.namespace, 'read');
    ctx.resources.checkNamespace(req.params.namespace);
    return ctx.store.get('ConfigMap', req.params.namespace, req.params.name ?? '');
  });
  app.put(`${BASE}/:plural/:namespace/:name`, async (req: Req) => {
    const { kind, field } = kindOf(req);
    allow(req, req.params.namespace, 'write');
    ctx.resources.checkNamespace(req.params.namespace);
    return { result: await applyDataResource(ctx.store, desiredOf(req, kind, field)) };
  });
  app.delete(`${BASE}/:plural/:namespace/:name`, async (req: Req) => {
    const { kind } = kindOf(req);
    allow(req, req.params.namespace, 'write');
    ctx.resources.checkNamespace(req.params.namespace);
    await ctx.store.delete(kind, req.params.namespace, req.params.name ?? '');
    return {};
  });
}
