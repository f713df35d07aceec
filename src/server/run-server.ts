/**
 * `argosy server`: opens the store, starts the API (Fastify), the workflow controller and the
 * archiver in one process (or the API or the controller alone), and shuts all of it down in order
 * on SIGTERM/SIGINT: stop accepting requests, close streams, stop the controller (releasing its
 * leases so another replica takes over at once), close the store.
 */

import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import pino, { type Logger } from 'pino';
import { Archiver } from '../api/index.js';
import { loadControllerConfig } from '../config/index.js';
import { ValidationError } from '../errors/index.js';
import { RUNTIME_NAMES, type RuntimeName } from '../runtime/select-runtime.js';
import type { Store } from '../store/index.js';
import type { AuthMode } from './auth.js';
import { buildServer } from './build-server.js';
import { type RunningController, startEmbeddedController } from './embedded-controller.js';
import { ServerMetrics } from './metrics.js';
import { openStoreUrl } from './open-store-url.js';

export interface RunServerOptions {
  home: string;
  port: number;
  host: string;
  store?: string;
  runtime: string;
  authMode: AuthMode;
  managedNamespace?: string;
  instanceId?: string;
  tlsCert?: string;
  tlsKey?: string;
  controller: boolean;
  api: boolean;
  insecureBindAnywhere?: boolean;
  /** Archived workflows are deleted this long after they finished; 0 keeps them. */
  archiveTtlMs: number;
  bodyLimit?: number;
  logger?: Logger;
}

export interface RunningServer {
  /** The URL the API listens on (undefined with the controller only). */
  url: string | undefined;
  stop(): Promise<void>;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
}

export function checkOptions(o: RunServerOptions): void {
  if (!(RUNTIME_NAMES as readonly string[]).includes(o.runtime))
    throw new ValidationError('--runtime', `must be one of ${RUNTIME_NAMES.join(', ')}, got '${o.runtime}'`);
  if (o.authMode !== 'server' && o.authMode !== 'client') {
    throw new ValidationError(
      '--auth-mode',
      `"${String(o.authMode)}" is not an auth mode: use server or client`,
    );
  }
  if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535)
    throw new ValidationError('--port', 'must be 0..65535');
  if (o.api && o.authMode === 'server' && !isLoopback(o.host) && !o.insecureBindAnywhere) {
    throw new ValidationError(
      '--host',
      `auth-mode server has no authentication: refusing to listen on ${o.host}; use --auth-mode client, or --insecure-bind-anywhere`,
    );
  }
  if (Boolean(o.tlsCert) !== Boolean(o.tlsKey))
    throw new ValidationError('--tls-cert', '--tls-cert and --tls-key go together');
}

export async function runServer(o: RunServerOptions): Promise<RunningServer> {
  checkOptions(o);
  const logger = o.logger ?? pino({ name: 'argosy-server' });
  const https =
    o.tlsCert && o.tlsKey ? { cert: readFileSync(o.tlsCert), key: readFileSync(o.tlsKey) } : undefined;
  // A bad configuration file stops the server before it opens anything.
  const config = loadControllerConfig(o.home, process.env.ARGOSY_CONFIG || undefined);
  const store: Store = await openStoreUrl(o.store, o.home);
  const metrics = new ServerMetrics(store);
  let controller: RunningController | undefined;
  let archiver: Archiver | undefined;
  let url: string | undefined;
  const app = o.api
    ? await buildServer({
        store,
        authMode: o.authMode,
        logger,
        metrics,
        managedNamespace: o.managedNamespace,
        instanceId: o.instanceId,
        bodyLimit: o.bodyLimit,
        https,
        home: o.home,
        workflowDefaults: config.workflowDefaults,
      })
    : undefined;
  try {
    if (o.controller) {
      controller = await startEmbeddedController({
        store,
        home: o.home,
        runtime: o.runtime as RuntimeName,
        managedNamespace: o.managedNamespace,
        instanceId: o.instanceId,
        metrics,
        workflowDefaults: config.workflowDefaults,
        log: (m) => logger.info({ component: 'controller' }, m),
      });
      archiver = new Archiver(store, {
        ttlMs: o.archiveTtlMs,
        onError: (err) => logger.warn({ component: 'archive', err }, 'archiving failed'),
      });
      await archiver.start();
    }
    if (app) {
      await app.listen({ port: o.port, host: o.host });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : o.port;
      const host = o.host.includes(':') ? `[${o.host}]` : o.host;
      url = `${https ? 'https' : 'http'}://${host}:${port}`;
    }
  } catch (err) {
    await app?.close();
    await archiver?.stop();
    await controller?.stop();
    await store.close();
    throw err;
  }
  logger.info(
    { url, authMode: o.authMode, controller: o.controller, namespace: o.managedNamespace },
    'argosy server started',
  );
  let stopping: Promise<void> | undefined;
  return {
    url,
    stop: () => {
      stopping ??= (async () => {
        await app?.close();
        await archiver?.stop();
        await controller?.stop();
        await store.close();
        logger.info('argosy server stopped');
      })();
      return stopping;
    },
  };
}
