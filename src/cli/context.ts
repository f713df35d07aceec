/**
 * What every command needs: the namespace to work in and a client — the embedded store at
 * $ARGOSY_HOME, or a server with `--server URL` / ARGOSY_SERVER (token in ARGOSY_TOKEN).
 */
import { join } from 'node:path';
import { EmbeddedClient, HttpClient, type WorkflowClient } from '../client/index.js';
import { ValidationError } from '../errors/index.js';
import { defaultArgosyHome, SqliteStore, type Store } from '../store/index.js';

export interface CliContext {
  home: string;
  namespace: string;
  client: WorkflowClient;
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
    return {
      home,
      namespace,
      client: new HttpClient({ baseUrl: url, token: process.env.ARGOSY_TOKEN || undefined }),
    };
  }
  const store = await SqliteStore.open({ path: join(home, 'argosy.db') });
  return { home, namespace, client: new EmbeddedClient(store, home), store };
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

/** A context on the embedded store, for commands that do not talk to a server yet. */
export type EmbeddedContext = CliContext & { store: Store };

/** Like withContext, for commands that need the embedded store: with a server URL set, a clear error. */
export async function withEmbeddedContext<T>(
  opts: NamespaceOption,
  fn: (ctx: EmbeddedContext) => Promise<T>,
): Promise<T> {
  if (serverUrl(opts)) {
    throw new ValidationError(
      'server',
      'this command works on the embedded store only and does not talk to a server yet: unset ARGOSY_SERVER',
    );
  }
  return withContext(opts, (ctx) => {
    if (!ctx.store) throw new ValidationError('server', 'no embedded store is open');
    return fn({ ...ctx, store: ctx.store });
  });
}
