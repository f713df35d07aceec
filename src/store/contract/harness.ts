/** What the Store contract tests need from an implementation, and small helpers they share. */

import type { EventRetention } from '../event-retention.js';
import type { Resource, Store, Unsubscribe, WatchEvent, WatchOptions } from '../store.js';

/** A clock the test moves by hand. */
export class FakeClock {
  private ms: number;
  constructor(start = '2024-05-06T07:08:09.123Z') {
    this.ms = Date.parse(start);
  }
  readonly now = (): Date => new Date(this.ms);
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface HarnessOptions {
  clock: FakeClock;
  eventRetention?: Partial<EventRetention>;
}

export interface StoreHarness {
  store: Store;
  /** Another handle on the same data, as a second process would open it (MemoryStore: itself). */
  openPeer(): Promise<Store>;
  cleanup(): Promise<void>;
}

export type StoreFactory = (options: HarnessOptions) => Promise<StoreHarness>;

export interface Ctx {
  store: Store;
  clock: FakeClock;
  openPeer(): Promise<Store>;
}

/** Runs a test body with a fresh store, always cleaning up. */
export async function withStore(
  factory: StoreFactory,
  body: (ctx: Ctx) => Promise<void>,
  eventRetention?: Partial<EventRetention>,
): Promise<void> {
  const clock = new FakeClock();
  const harness = await factory({ clock, ...(eventRetention ? { eventRetention } : {}) });
  const peers: Store[] = [];
  try {
    await body({
      store: harness.store,
      clock,
      openPeer: async () => {
        const peer = await harness.openPeer();
        if (peer !== harness.store) peers.push(peer);
        return peer;
      },
    });
  } finally {
    for (const peer of peers) await peer.close();
    await harness.cleanup();
  }
}

export function workflow(name: string, extra: Record<string, unknown> = {}, namespace = 'argo'): Resource {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name, namespace, ...((extra.metadata as object | undefined) ?? {}) },
    spec: { entrypoint: 'main', templates: [{ name: 'main', container: { image: 'alpine' } }] },
    ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== 'metadata')),
  } as Resource;
}

export function configMap(name: string, labels: Record<string, string> = {}, namespace = 'argo'): Resource {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace, labels },
    data: { a: '1' },
  } as Resource;
}

export function node(id: string, phase = 'Running'): Record<string, unknown> {
  return { id, name: id, displayName: id, type: 'Pod', phase, templateName: 'main' };
}

export function nodeMap(count: number, phase = 'Running'): Record<string, Record<string, unknown>> {
  const nodes: Record<string, Record<string, unknown>> = {};
  for (let i = 0; i < count; i++) nodes[`n-${i}`] = node(`n-${i}`, phase);
  return nodes;
}

export function nodesOf(obj: Resource): Record<string, Record<string, unknown>> | undefined {
  return (obj as { status?: { nodes?: Record<string, Record<string, unknown>> } }).status?.nodes;
}

export function names(items: Resource[]): string[] {
  return items.map((i) => i.metadata.name ?? '');
}

/** Collects watch events; `until(n)` waits for n of them (or fails after a timeout). */
export async function collect(
  store: Store,
  kind: string,
  options: WatchOptions = {},
): Promise<{
  events: WatchEvent<Resource>[];
  until(n: number, timeoutMs?: number): Promise<void>;
  stop: Unsubscribe;
}> {
  const events: WatchEvent<Resource>[] = [];
  const stop = await store.watch(kind, options, (e) => events.push(e));
  const until = (n: number, timeoutMs = 10_000) =>
    waitFor(() => events.length >= n, timeoutMs, `${n} watch events`);
  return { events, until, stop };
}

export async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));
