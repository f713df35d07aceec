/** InfoService: /api/v1/info, /api/v1/version, /api/v1/userinfo. */
import type { FastifyInstance } from 'fastify';
import { ALL_NAMESPACES } from '../../api/index.js';
import type { ServerContext } from '../server-context.js';

export function registerInfoRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/api/v1/info', async () => ({
    managedNamespace: ctx.managedNamespace ?? '',
    links: [],
    columns: [],
    modals: {},
    navColor: '',
  }));
  app.get('/api/v1/version', async () => ({
    version: `v${ctx.version}`,
    buildDate: '',
    gitCommit: '',
    gitTag: `v${ctx.version}`,
    gitTreeState: '',
    goVersion: `node ${process.version}`,
    compiler: 'tsc',
    platform: `${process.platform}/${process.arch}`,
  }));
  app.get('/api/v1/userinfo', async (req) => {
    const grant = req.grant;
    if (!grant || grant.id === 'server') return {};
    return {
      subject: `token:${grant.id}`,
      ...(grant.namespace === ALL_NAMESPACES ? {} : { serviceAccountNamespace: grant.namespace }),
      groups: [`role:${grant.role}`],
    };
  });
}
