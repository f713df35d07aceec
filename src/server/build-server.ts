/**
 * The Fastify application: Argo's REST API over the resource service, with authentication,
 * grpc-gateway errors, request ids, a body size limit and /metrics. Listening, the controller and
 * shutdown are run-server.ts's business.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { ArchivedWorkflows, ResourceService, WorkflowActions } from '../api/index.js';
import { ValidationError } from '../errors/index.js';
import type { Store } from '../store/index.js';
import type { WorkflowDefaults } from '../templates/workflow-defaults.js';
import { type AuthMode, Authorizer } from './auth.js';
import { toGatewayError } from './grpc-errors.js';
import type { ServerMetrics } from './metrics.js';
import { ResultStream } from './result-stream.js';
import { registerArchivedWorkflowRoutes } from './routes/archived-workflows.js';
import { registerArtifactRoutes } from './routes/artifacts.js';
import { registerDataResourceRoutes } from './routes/data-resources.js';
import { registerEventStreamRoutes } from './routes/event-stream.js';
import { registerEventRoutes } from './routes/events.js';
import { registerInfoRoutes } from './routes/info.js';
import { registerStreamRoutes } from './routes/streams.js';
import { registerTemplateRoutes } from './routes/templates.js';
import { registerWorkflowRoutes } from './routes/workflows.js';
import type { ServerContext } from './server-context.js';
import { registerUi } from './ui-static.js';

export const DEFAULT_BODY_LIMIT = 4 * 1024 * 1024;
export const ARGOSY_VERSION = '0.1.0';

export interface BuildServerOptions {
  store: Store;
  authMode: AuthMode;
  logger: Logger;
  metrics: ServerMetrics;
  managedNamespace?: string;
  instanceId?: string;
  bodyLimit?: number;
  https?: { cert: Buffer; key: Buffer };
  /** ARGOSY_HOME, for artifact downloads; without it they answer 404. */
  home?: string;
  /** The controller configuration's workflowDefaults, merged under every Workflow created or submitted. */
  workflowDefaults?: WorkflowDefaults;
}

export async function buildServer(opts: BuildServerOptions): Promise<FastifyInstance> {
  const bodyLimit = opts.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const app = Fastify({
    loggerInstance: opts.logger,
    bodyLimit,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    forceCloseConnections: true,
    ...(opts.https ? { https: opts.https } : {}),
  }) as unknown as FastifyInstance;
  const resources = new ResourceService(opts.store, {
    instanceId: opts.instanceId,
    managedNamespace: opts.managedNamespace,
    workflowDefaults: () => opts.workflowDefaults,
  });
  const ctx: ServerContext = {
    store: opts.store,
    resources,
    actions: new WorkflowActions(resources),
    archive: new ArchivedWorkflows(opts.store),
    managedNamespace: opts.managedNamespace,
    version: ARGOSY_VERSION,
    ...(opts.home ? { home: opts.home } : {}),
    ...(opts.workflowDefaults ? { workflowDefaults: opts.workflowDefaults } : {}),
  };

  // JSON bodies; an empty body is `{}` (Argo's clients send none for some verbs).
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, {});
    try {
      done(null, JSON.parse(text));
    } catch (err) {
      done(new ValidationError('body', `not valid JSON: ${(err as Error).message}`), undefined);
    }
  });

  app.setErrorHandler((err, req, reply) => {
    const { status, body } = toGatewayError(err);
    if (status >= 500) req.log.error({ err }, 'request failed');
    void reply.code(status).send(body);
  });
  app.setNotFoundHandler((req, reply) => {
    void reply.code(404).send({ code: 5, message: `no such path: ${req.method} ${req.url.split('?')[0]}` });
  });
  app.addHook('onSend', async (req, reply, payload) => {
    reply.header('x-request-id', req.id);
    return payload;
  });
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unknown';
    opts.metrics.requestDuration.observe(
      { method: req.method, route, code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  // Shutdown: end open watch and log streams properly instead of cutting their connections.
  app.addHook('preClose', async () => {
    for (const stream of [...ResultStream.open]) stream.end();
  });

  app.get('/metrics', async (_req, reply) => {
    reply.header('content-type', opts.metrics.registry.contentType);
    return opts.metrics.render();
  });
  app.get('/healthz', async () => ({ ok: true }));

  const authorizer = new Authorizer(opts.authMode, opts.store);
  await app.register(async (api) => {
    api.decorateRequest('grant', undefined);
    api.addHook('onRequest', authorizer.authenticate);
    registerInfoRoutes(api, ctx);
    registerWorkflowRoutes(api, ctx);
    registerTemplateRoutes(api, ctx);
    registerArchivedWorkflowRoutes(api, ctx);
    registerStreamRoutes(api, ctx);
    registerEventStreamRoutes(api, ctx);
    registerEventRoutes(api, ctx);
    registerArtifactRoutes(api, ctx);
    registerDataResourceRoutes(api, ctx);
  });
  await registerUi(app);
  return app;
}
