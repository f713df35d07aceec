/**
 * `GET /api/v1/stream/events/{namespace}` (Argo's WatchEvents): the Kubernetes Events of the
 * namespace's workflows — WorkflowRunning, WorkflowSucceeded/Failed/Error and WorkflowNode* — as a
 * grpc-gateway stream (`{"result": Event}`), server-sent events for EventSource clients. Events are
 * derived from the workflow watch, per stream, from the moment it opened (src/server/lifecycle-events.ts):
 * nothing is stored, so a reconnecting client gets what happens from then on, or, with
 * `listOptions.resourceVersion` (from a workflow list), what happened to the workflows changed since.
 * `listOptions.fieldSelector` filters on the event's fields (`involvedObject.name=my-wf,reason=WorkflowNodeFailed`);
 * `listOptions.labelSelector` selects the workflows whose events are streamed.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ValidationError } from '../../errors/index.js';
import type { Workflow } from '../../spec/types.js';
import type { WatchEvent } from '../../store/index.js';
import { allow } from '../auth.js';
import { type KubeEvent, lifecycleEvents, type SeenPhases, seenPhasesOf } from '../lifecycle-events.js';
import { listQuery, param, type Query } from '../list-query.js';
import { ResultStream } from '../result-stream.js';
import type { ServerContext } from '../server-context.js';

type Req = FastifyRequest<{ Params: { namespace: string }; Querystring: Query }>;

interface FieldTerm {
  path: string[];
  value: string;
  equal: boolean;
}

/** `a.b=x,c!=y` (also `==`), as Kubernetes field selectors. */
export function parseEventFieldSelector(selector: string | undefined): FieldTerm[] {
  if (!selector) return [];
  return selector.split(',').map((term) => {
    const m = /^\s*([A-Za-z0-9_.]+)\s*(!=|==|=)\s*(.*?)\s*$/.exec(term);
    if (!m)
      throw new ValidationError(
        'listOptions.fieldSelector',
        `"${term}" is not a field selector term (field=value)`,
      );
    return { path: (m[1] ?? '').split('.'), value: m[3] ?? '', equal: m[2] !== '!=' };
  });
}

function fieldOf(event: KubeEvent, path: string[]): string {
  let v: unknown = event;
  for (const key of path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
  return v === undefined || v === null ? '' : String(v);
}

export function matchesFields(event: KubeEvent, terms: FieldTerm[]): boolean {
  return terms.every((t) => (fieldOf(event, t.path) === t.value) === t.equal);
}

function eventName(workflow: string): string {
  return `${workflow}.${randomBytes(8).toString('hex')}`;
}

export function registerEventStreamRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/api/v1/stream/events/:namespace', async (req: Req, reply) => {
    const { namespace } = req.params;
    allow(req, namespace, 'read');
    ctx.resources.checkNamespace(namespace);
    // The field selector is on events, not on workflows: parsed here, not by listQuery.
    const terms = parseEventFieldSelector(param(req.query, 'listOptions.fieldSelector'));
    const q = listQuery({ ...req.query, 'listOptions.fieldSelector': undefined });
    // One workflow's events (the UI's `involvedObject.name=x`): watch that workflow only.
    const only = terms.find((t) => t.equal && t.path.join('.') === 'involvedObject.name');
    // From a resourceVersion (of a list): every change after it. Else from now, with a second of slack
    // for the timestamps' precision; earlier steps of a workflow first seen mid-run are not replayed.
    const since = q.resourceVersion
      ? new Date(0).toISOString()
      : new Date(Math.floor(Date.now() / 1000) * 1000 - 1000).toISOString();
    const seen = new Map<string, SeenPhases>();
    const stream = new ResultStream(req, reply);
    try {
      const unwatch = await ctx.resources.watch<Workflow>(
        'Workflow',
        {
          namespace,
          labelSelector: q.labelSelector,
          fieldSelector: only ? `metadata.name=${only.value}` : undefined,
          resourceVersion: q.resourceVersion,
          withNodes: true,
          onError: (err) => stream.fail(err),
        },
        (event: WatchEvent<Workflow>) => {
          const wf = event.object;
          const key = `${wf.metadata.namespace}/${wf.metadata.name}`;
          if (event.type === 'DELETED') return void seen.delete(key);
          const now = new Date().toISOString();
          for (const e of lifecycleEvents(seen.get(key), wf, since, now, eventName)) {
            if (matchesFields(e, terms)) stream.send(e);
          }
          seen.set(key, seenPhasesOf(wf));
        },
      );
      await stream.whenClosed();
      unwatch();
    } catch (err) {
      stream.fail(err);
    }
  });
}
