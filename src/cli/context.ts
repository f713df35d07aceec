/** What every command needs: the embedded store at $ARGOSY_HOME and the namespace to work in. */
import { join } from 'node:path';
import { defaultArgosyHome, SqliteStore, type Store } from '../store/index.js';

export interface CliContext {
  home: string;
  namespace: string;
  store: Store;
}

export interface NamespaceOption {
  namespace?: string;
}

export function resolveNamespace(opts: NamespaceOption): string {
  return opts.namespace || process.env.ARGOSY_NAMESPACE || 'default';
}

export async function openContext(opts: NamespaceOption): Promise<CliContext> {
  const home = defaultArgosyHome();
  const store = await SqliteStore.open({ path: join(home, 'argosy.db') });
  return { home, namespace: resolveNamespace(opts), store };
}

/** Runs fn with an open context and always closes the store. */
export async function withContext<T>(opts: NamespaceOption, fn: (ctx: CliContext) => Promise<T>): Promise<T> {
  const ctx = await openContext(opts);
  try {
    return await fn(ctx);
  } finally {
    await ctx.store.close();
  }
}
