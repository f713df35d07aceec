/**
 * What every command needs: the namespace to work in and a client — the embedded store at
 * $ARGOSY_HOME, or a server with `--server URL` / ARGOSY_SERVER (token in ARGOSY_TOKEN).
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import {
  EmbeddedClient,
  EmbeddedResources,
  HttpClient,
  HttpResources,
  HttpTransport,
  type ResourceClient,
  type WorkflowClient,
} from '../client/index.js';
import { defaultArgosyHome, SqliteStore, type Store } from '../store/index.js';

export interface CliContext {
  home: string;
  namespace: string;
  client: WorkflowClient;
  /** Templates, CronWorkflows, bindings, events, ConfigMaps, artifacts: the same both ways. */
  resources: ResourceClient;
  /** The embedded store; absent when talking to a server. */
  store?: Store;
}

export interface NamespaceOption {
  namespace?: string;
  server?: string;
}

export function resolveNamespace(opts: NamespaceOption): string {
  return opts.namespace || process.env.ARGOSY_NAMESPACE || 'default';
}

/** The server URL to talk to, if any: `--server`, else $ARGOSY_SERVER. */
export function serverUrl(opts: NamespaceOption): string | undefined {
  return opts.server || process.env.ARGOSY_SERVER || undefined;
}

export async function openContext(opts: NamespaceOption): Promise<CliContext> {
  const home = defaultArgosyHome();
  const namespace = resolveNamespace(opts);
  const url = serverUrl(opts);
  if (url) {
    const transport = { baseUrl: url, token: process.env.ARGOSY_TOKEN || undefined };
    return {
      home,
      namespace,
      client: new HttpClient(transport),
      resources: new HttpResources(new HttpTransport(transport)),
    };
  }
  const store = await SqliteStore.open({ path: join(home, 'argosy.db') });
  return {
    home,
    namespace,
    client: new EmbeddedClient(store, home),
    resources: new EmbeddedResources(store, home),
    store,
  };
}

/** Runs fn with an open context and always closes it. */
export async function withContext<T>(opts: NamespaceOption, fn: (ctx: CliContext) => Promise<T>): Promise<T> {
  const ctx = await openContext(opts);
  try {
    return await fn(ctx);
  } finally {
    await ctx.client.close();
  }
}

/** Adds `--server URL` to a command: it then talks to that server instead of the embedded store. */
export function withServerOption(cmd: Command): Command {
  return cmd.option(
    '--server <url>',
    'talk to this Argosy server (default $ARGOSY_SERVER; token in $ARGOSY_TOKEN)',
  );
}
