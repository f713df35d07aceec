/**
 * Serves the web UI (dist/ui, built by `npm run build:ui`) at `/`, with an SPA fallback: Argo UI's
 * routes (/workflows/..., /cron-workflows/..., ...) answer index.html so shared links open the app.
 * The API keeps its own paths; nothing here needs a token (the app asks for one itself).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** The UI's routes (see ui/src/router/routes.ts). */
export const UI_ROUTES = [
  'workflows',
  'workflow-templates',
  'cluster-workflow-templates',
  'cron-workflows',
  'archived-workflows',
  'event-flow',
  'userinfo',
  'submit',
  'login',
];

/** dist/ui next to the compiled server or CLI bundle, or from the sources (src/server → dist/ui). */
export function defaultUiDir(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  // dist/server or dist/cli (the bundle), dist/cli/chunks (a bundle chunk), src/server.
  for (const dir of [
    join(here, '..', 'ui'),
    join(here, '..', '..', 'ui'),
    join(here, '..', '..', 'dist', 'ui'),
  ]) {
    if (existsSync(join(dir, 'index.html'))) return dir;
  }
  return undefined;
}

/** Registers the UI when it was built; returns whether it did. */
export async function registerUi(
  app: FastifyInstance,
  uiDir: string | undefined = defaultUiDir(),
): Promise<boolean> {
  if (!uiDir || !existsSync(join(uiDir, 'index.html'))) return false;
  await app.register(fastifyStatic, {
    root: uiDir,
    prefix: '/',
    // Only the files built into dist/ui get routes: unknown paths stay the API's JSON 404.
    wildcard: false,
    index: 'index.html',
    setHeaders: (reply, path) => {
      // Vite names assets by content hash: they never change.
      if (path.includes(join('assets', '')))
        reply.header('cache-control', 'public, max-age=31536000, immutable');
    },
  });
  const page = (_req: FastifyRequest, reply: FastifyReply) => {
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html');
  };
  for (const route of UI_ROUTES) {
    app.get(`/${route}`, page);
    app.get(`/${route}/*`, page);
  }
  return true;
}
