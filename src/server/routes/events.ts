/**
 * EventService: `POST /api/v1/events/{namespace}/{discriminator}` hands the JSON body to the
 * WorkflowEventBindings of the namespace (src/events). As Argo, the answer is `{}` once the event is
 * accepted; bindings that fail (a selector that does not evaluate, a missing template) are logged.
 * The request's headers are the event's `metadata`, without credentials. With the query
 * `argosy.outcome=true` (an Argosy extension) the answer names the Workflows submitted and the failures.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { dispatchEvent } from '../../events/dispatch-event.js';
import { allow } from '../auth.js';
import type { ServerContext } from '../server-context.js';

type Req = FastifyRequest<{
  Params: { namespace: string; discriminator: string };
  Querystring: Record<string, string | undefined>;
  Body: unknown;
}>;

/** Headers never passed to selectors or parameters. */
const PRIVATE_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

export function eventMetadata(headers: FastifyRequest['headers']): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || PRIVATE_HEADERS.has(name.toLowerCase())) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value : [value];
  }
  return out;
}

export function registerEventRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post('/api/v1/events/:namespace/:discriminator', async (req: Req) => {
    const { namespace, discriminator } = req.params;
    // An event submits workflows: the same right as creating one in the namespace.
    allow(req, namespace, 'write');
    const result = await dispatchEvent(
      ctx.store,
      namespace,
      discriminator,
      req.body ?? {},
      eventMetadata(req.headers),
      { workflowDefaults: ctx.workflowDefaults },
    );
    for (const wf of result.submitted) {
      req.log.info({ namespace, discriminator, workflow: wf.metadata.name }, 'event submitted a workflow');
    }
    for (const e of result.errors) {
      req.log.warn({ namespace, discriminator, binding: e.binding }, `event binding failed: ${e.message}`);
    }
    // Argosy's extension for `argosy event send --server`: what the event did; Argo clients get {}.
    if (req.query['argosy.outcome'] === 'true') {
      return {
        submitted: result.submitted.map((wf) => wf.metadata.name ?? ''),
        errors: result.errors,
      };
    }
    return {};
  });
}
