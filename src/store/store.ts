/**
 * The store contract: Kubernetes API semantics over a database (ARCHITECTURE.md decisions 1, 5, 6).
 * Small interfaces, so a reconciler can ask only for what it uses. Implementations: SqliteStore
 * (default, embedded), MemoryStore (the fake for tests); PostgreSQL/MySQL later, same contract.
 */

import type { ObjectMeta } from '../spec/types.js';
import type { NameFilter } from './selectors/field-selector.js';

/**
 * A Kubernetes-shaped object. Every kind in spec/types.ts satisfies it (`Workflow`, `ConfigMap`...).
 * Fields other than these three (`spec`, `status`, `data`, `type`...) are stored as given.
 */
export interface Resource {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
}

/** Reads "now". Injected so tests control creationTimestamp and lease expiry. */
export type Clock = () => Date;

export interface GetOptions {
  /** Assemble `status.nodes` of a Workflow from its node rows (default true). */
  withNodes?: boolean;
}

export interface ListOptions extends GetOptions {
  /** Only this namespace; absent or '' for all namespaces. Ignored for cluster-scoped kinds. */
  namespace?: string;
  /** Kubernetes syntax: `a=b,c!=d,e in (x,y),f notin (z),g,!h`. */
  labelSelector?: string;
  /** `metadata.name`, `metadata.namespace`, `status.phase` with `=`, `==`, `!=`, comma-joined. */
  fieldSelector?: string;
  /** How `metadata.name=` in fieldSelector matches: Exact (default), Contains or Prefix, as Argo's `nameFilter`. */
  nameFilter?: NameFilter;
  /** Page size; absent or 0 for everything. */
  limit?: number;
  /** The `continue` token of the previous page. */
  continue?: string;
}

export interface ListResult<T extends Resource> {
  items: T[];
  /** Watch from here to see every change after this list. */
  resourceVersion: string;
  /** Present when more items follow; pass it back as `continue`. */
  continue?: string;
}

export interface UpdateOptions {
  /**
   * Workflow node ids that were added, changed or removed since the object was read. Nodes not
   * named are taken as unchanged, so an update costs O(changed nodes). Without it, every node of
   * the object is compared with its stored row. A Workflow whose `status.nodes` is absent keeps
   * its stored nodes; `status.nodes: {}` removes them.
   */
  changedNodeIds?: Iterable<string>;
  /**
   * The caller changed neither `spec` nor any other top-level field but `metadata` and `status`
   * (a controller writing status), so the store neither compares nor rewrites them: the update
   * costs O(changed nodes + metadata + status) whatever the size of the spec. Like
   * `changedNodeIds` it is trusted: a changed spec passed with it is not stored (the returned
   * object still carries it). Without it, the store compares the object with the stored one as
   * JSON and rewrites the spec only when it changed.
   */
  specUnchanged?: boolean;
  /**
   * The change may be lost in an operating-system crash or power loss (not in a killed process):
   * the store may return before it is flushed to disk. A controller's status write qualifies —
   * after a reboot its steps are observed, or run, again. Creates, deletes and other updates are
   * always flushed. Stores that flush every commit anyway ignore it.
   */
  relaxedDurability?: boolean;
}

export interface DeleteOptions {
  /** Precondition: delete only if the stored object still has this resourceVersion. */
  resourceVersion?: string;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/**
 * A change, delivered with the object's state at that change. Stores keep no object per event, so
 * a change is delivered only while it is the object's latest: an event overtaken by a later
 * change of the same object before it reached the watcher is passed over, and the later one is
 * delivered (as ADDED when the watcher has not seen the object yet). An object created and deleted
 * before the watcher saw it is not announced. Level-triggered consumers see every object's latest
 * state, in resourceVersion order; they may miss intermediate states. A DELETED event carries the
 * object as it was deleted.
 */
export interface WatchEvent<T extends Resource> {
  type: WatchEventType;
  /** The object at this change: `metadata.resourceVersion` is the change's. A Workflow's nodes are its current node rows. */
  object: T;
}

export interface WatchEventHeader {
  type: WatchEventType;
  namespace: string;
  name: string;
  resourceVersion: string;
}

export interface WatchOptions extends GetOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** As in ListOptions. */
  nameFilter?: NameFilter;
  /**
   * Stream the changes after this resourceVersion (from a list, or the last event seen).
   * Absent: first an ADDED event for every existing object, then the changes after them.
   * Too old (its events were pruned): ResourceVersionExpiredError (HTTP 410), list again.
   */
  resourceVersion?: string;
  /**
   * A cheap filter on an event's header, asked before its object is read: true skips the event.
   * A controller uses it to pass over the echoes of its own writes without parsing them.
   */
  skip?: (header: WatchEventHeader) => boolean;
  /** Errors after the watch started (the events expired, the callback threw). The watch stops. */
  onError?: (err: Error) => void;
}

export type Unsubscribe = () => void;

export interface ResourceReader {
  /** NotFoundError when absent. `namespace` is '' for cluster-scoped kinds. */
  get<T extends Resource>(kind: string, namespace: string, name: string, options?: GetOptions): Promise<T>;
  list<T extends Resource>(kind: string, options?: ListOptions): Promise<ListResult<T>>;
}

export interface ResourceWriter {
  /**
   * Stores a new object and returns it with name (from generateName), uid, resourceVersion,
   * generation 1 and creationTimestamp set. AlreadyExistsError on an existing name.
   */
  create<T extends Resource>(obj: T): Promise<T>;
  /**
   * Replaces an object. Its metadata.resourceVersion must be the stored one, else ConflictError
   * (re-read and retry). Bumps resourceVersion; bumps generation when `spec` changed.
   */
  update<T extends Resource>(obj: T, options?: UpdateOptions): Promise<T>;
  /** NotFoundError when absent. Deleting a Workflow deletes its nodes and logs. */
  delete(kind: string, namespace: string, name: string, options?: DeleteOptions): Promise<void>;
}

export interface ResourceWatcher {
  /**
   * Calls `onEvent` for each change of `kind`, in resourceVersion order, including changes made by
   * other processes sharing the database. Events arrive asynchronously, never inside this call.
   */
  watch<T extends Resource>(
    kind: string,
    options: WatchOptions,
    onEvent: (event: WatchEvent<T>) => void,
  ): Promise<Unsubscribe>;
}

export interface LogRef {
  namespace: string;
  workflow: string;
  podName: string;
  container: string;
}

export type LogStream = 'stdout' | 'stderr';

export interface LogFilter {
  namespace: string;
  workflow: string;
  podName?: string;
  container?: string;
}

/** One line of output, like a CRI log entry: `partial` lines continue in the next line of the same stream. */
export interface LogLine extends LogRef {
  /** Increasing across the store; pass the last one seen as `sinceSeq` to resume. */
  seq: number;
  stream: LogStream;
  /** RFC 3339 with milliseconds. */
  time: string;
  /** Without the trailing newline. */
  content: string;
  partial: boolean;
}

export interface ReadLogsOptions {
  /** Only lines with a greater seq. */
  sinceSeq?: number;
  limit?: number;
}

export interface LogStore {
  /** Splits `chunk` into lines; a trailing piece without newline is stored as a partial line. */
  appendLog(ref: LogRef, stream: LogStream, chunk: string, time?: Date): Promise<void>;
  readLogs(filter: LogFilter, options?: ReadLogsOptions): Promise<LogLine[]>;
  /** Lines after `sinceSeq` (default: all stored ones), then new lines as they are appended. */
  followLogs(
    filter: LogFilter,
    options: { sinceSeq?: number; onError?: (err: Error) => void },
    onLine: (line: LogLine) => void,
  ): Promise<Unsubscribe>;
}

export interface Lease {
  name: string;
  holder: string;
  expiresAt: Date;
}

/** Expiring leases, so two processes never reconcile the same workflow at once (decision 6). */
export interface LeaseStore {
  /** True when `holder` now holds the lease: it was free, expired, or already its own (extended). */
  tryAcquireLease(name: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Releases the lease if `holder` holds it; otherwise does nothing. */
  releaseLease(name: string, holder: string): Promise<void>;
  getLease(name: string): Promise<Lease | undefined>;
}

export interface Store extends ResourceReader, ResourceWriter, ResourceWatcher, LogStore, LeaseStore {
  /** Stops watches and follows, releases the database. */
  close(): Promise<void>;
}
