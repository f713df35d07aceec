/**
 * The workflow watch stream (`GET /api/v1/workflow-events/{namespace}`) and the log streams
 * (`/api/v1/workflows/{ns}/{name}/log`, `/api/v1/workflows/{ns}/{name}/{podName}/log`), written
 * as grpc-gateway streams: `{"result":{"type":"MODIFIED","object":{...}}}` per message.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { grepFilter, streamWorkflowLogs } from '../../api/workflow-logs.js';
import type { Workflow } from '../../spec/types.js';
import type { WatchEvent } from '../../store/index.js';
import { allow } from '../auth.js';
import { fieldsFilter } from '../fields-filter.js';
import { boolParam, listQuery, param, type Query } from '../list-query.js';
import { ResultStream } from '../result-stream.js';
import type { ServerContext } from '../server-context.js';
import { listNeedsNodes } from './workflows.js';

type Req = FastifyRequest<{
  Params: { namespace: string; name?: string; podName?: string };
  Querystring: Query;
}>;

export function registerStreamRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/api/v1/workflow-events/:namespace', async (req: Req, reply) => {
    const { namespace } = req.params;
    // '' would be every namespace: the checks run before the stream starts, so they answer as errors.
    allow(req, namespace, 'read');
    const q = listQuery(req.query);
    const fields = param(req.query, 'fields');
    const filter = fieldsFilter(fields);
    const needsNodes = listNeedsNodes(fields?.replace(/result\.object\./g, 'items.'));
    ctx.resources.checkNamespace(namespace);
    const stream = new ResultStream(req, reply);
    try {
      const unwatch = await ctx.resources.watch<Workflow>(
        'Workflow',
        {
          namespace,
          labelSelector: q.labelSelector,
          fieldSelector: q.fieldSelector,
          ...(q.nameFilter ? { nameFilter: q.nameFilter } : {}),
          resourceVersion: q.resourceVersion,
          withNodes: needsNodes,
          onError: (err) => stream.fail(err),
        },
        (event: WatchEvent<Workflow>) => stream.send(filterEvent(filter, fields, event)),
      );
      await stream.whenClosed();
      unwatch();
    } catch (err) {
      stream.fail(err);
    }
  });

  const logs = async (req: Req, reply: FastifyReply) => {
    const { namespace, name = '' } = req.params;
    allow(req, namespace, 'read');
    ctx.resources.checkNamespace(namespace);
    const grep = param(req.query, 'grep');
    grepFilter(grep); // a bad regular expression is a 400, before the stream starts
    const follow = boolParam(req.query, 'logOptions.follow');
    const podName = req.params.podName ?? param(req.query, 'podName');
    // 404 before the stream starts.
    await ctx.store.get<Workflow>('Workflow', namespace, name, { withNodes: false });
    const stream = new ResultStream(req, reply);
    try {
      await streamWorkflowLogs(
        ctx.store,
        {
          namespace,
          workflow: name,
          podName,
          container: param(req.query, 'logOptions.container') || 'main',
          follow,
          grep,
          signal: stream.signal,
        },
        (entry) => stream.send(entry),
      );
      stream.end();
    } catch (err) {
      stream.fail(err);
    }
  };
  app.get('/api/v1/workflows/:namespace/:name/log', logs);
  app.get('/api/v1/workflows/:namespace/:name/:podName/log', logs);
}

/** `fields` on a watch names paths of the message (`result.object.metadata.name`, `result.type`). */
function filterEvent(
  filter: (v: unknown) => unknown,
  fields: string | undefined,
  event: WatchEvent<Workflow>,
): unknown {
  const result = { type: event.type, object: event.object };
  if (!fields) return result;
  return (filter({ result }) as { result?: unknown }).result ?? {};
}
