/** The part of `Store.watch` every implementation shares: options to a feed subscription. */

import { scopeNamespace } from '../kinds.js';
import { parseResourceVersion } from '../paging.js';
import { parseSelection, type Selection } from '../selectors/index.js';
import type { Resource, Unsubscribe, WatchEvent, WatchOptions } from '../store.js';
import type { ChangeFeed } from './change-feed.js';

/** A consistent view of the matching objects and the resourceVersion they are current at. */
export type Snapshot = (
  kind: string,
  namespace: string,
  selection: Selection,
  withNodes: boolean,
) => { items: Resource[]; resourceVersion: number } | Promise<{ items: Resource[]; resourceVersion: number }>;

export async function startWatch<T extends Resource>(
  feed: ChangeFeed,
  snapshot: Snapshot,
  kind: string,
  options: WatchOptions,
  onEvent: (event: WatchEvent<T>) => void,
): Promise<Unsubscribe> {
  const selection = parseSelection(options);
  const namespace = scopeNamespace(kind, options.namespace);
  const withNodes = options.withNodes ?? true;
  const rv = options.resourceVersion;
  let from: number;
  let initial: Resource[] = [];
  if (rv === undefined || rv === '' || rv === '0') {
    const snap = await snapshot(kind, namespace, selection, withNodes);
    from = snap.resourceVersion;
    initial = snap.items;
  } else {
    from = parseResourceVersion(rv, 'resourceVersion');
  }
  return feed.subscribe({
    kind,
    namespace,
    selection,
    withNodes,
    from,
    initial,
    onEvent: onEvent as (event: WatchEvent<Resource>) => void,
    onError: options.onError,
    skip: options.skip,
  });
}
