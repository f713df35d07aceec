/** Argo UI's routes, so shared links keep working. Pure: a path in, a page and its params out. */

export type Route =
  | { page: 'workflows'; namespace?: string }
  | { page: 'workflow'; namespace: string; name: string; nodeId?: string; tab?: string }
  | { page: 'workflow-templates'; namespace?: string }
  | { page: 'workflow-template'; namespace: string; name: string }
  | { page: 'cluster-workflow-templates' }
  | { page: 'cluster-workflow-template'; name: string }
  | { page: 'cron-workflows'; namespace?: string }
  | { page: 'cron-workflow'; namespace: string; name: string }
  | { page: 'archived-workflows'; namespace?: string }
  | { page: 'archived-workflow'; namespace: string; uid: string }
  | { page: 'event-flow'; namespace?: string }
  | { page: 'userinfo' }
  | { page: 'submit'; template?: string; clusterTemplate?: string }
  | { page: 'login'; redirect?: string }
  | { page: 'not-found'; path: string };

const list = <P extends string>(page: P, parts: string[]) =>
  parts.length <= 1 ? { page, ...(parts[0] ? { namespace: parts[0] } : {}) } : undefined;

export function matchRoute(pathname: string, search = ''): Route {
  const parts = pathname
    .split('/')
    .filter(Boolean)
    .map((p) => decodeURIComponent(p));
  const query = new URLSearchParams(search);
  const [head, ...rest] = parts;
  const notFound: Route = { page: 'not-found', path: pathname };
  switch (head) {
    case undefined:
      return { page: 'workflows' };
    case 'workflows':
      if (rest.length === 2) {
        const nodeId = query.get('nodeId') ?? undefined;
        const tab = query.get('tab') ?? undefined;
        return {
          page: 'workflow',
          namespace: rest[0]!,
          name: rest[1]!,
          ...(nodeId ? { nodeId } : {}),
          ...(tab ? { tab } : {}),
        };
      }
      return list('workflows', rest) ?? notFound;
    case 'workflow-templates':
      if (rest.length === 2) return { page: 'workflow-template', namespace: rest[0]!, name: rest[1]! };
      return list('workflow-templates', rest) ?? notFound;
    case 'cluster-workflow-templates':
      if (rest.length === 1) return { page: 'cluster-workflow-template', name: rest[0]! };
      return rest.length === 0 ? { page: 'cluster-workflow-templates' } : notFound;
    case 'cron-workflows':
      if (rest.length === 2) return { page: 'cron-workflow', namespace: rest[0]!, name: rest[1]! };
      return list('cron-workflows', rest) ?? notFound;
    case 'archived-workflows':
      if (rest.length === 2) return { page: 'archived-workflow', namespace: rest[0]!, uid: rest[1]! };
      return list('archived-workflows', rest) ?? notFound;
    case 'event-flow':
      return list('event-flow', rest) ?? notFound;
    case 'userinfo':
      return rest.length === 0 ? { page: 'userinfo' } : notFound;
    case 'submit': {
      const template = query.get('template') ?? undefined;
      const clusterTemplate = query.get('clusterTemplate') ?? undefined;
      return {
        page: 'submit',
        ...(template ? { template } : {}),
        ...(clusterTemplate ? { clusterTemplate } : {}),
      };
    }
    case 'login': {
      const redirect = query.get('redirect') ?? undefined;
      return { page: 'login', ...(redirect ? { redirect } : {}) };
    }
    default:
      return notFound;
  }
}

/** The path of a workflow's detail page (optionally with a node selected). */
export function workflowPath(namespace: string, name: string, nodeId?: string): string {
  const base = `/workflows/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
  return nodeId ? `${base}?nodeId=${encodeURIComponent(nodeId)}` : base;
}
