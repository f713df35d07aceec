/**
 * Delivers watch events and followed log lines, for every Store implementation. A store keeps an
 * ordered change log (events with resourceVersions, log lines with seqs); the feed reads it after
 * each local write (`kick`) and every `pollMs`, which is how changes written by other processes
 * sharing the database arrive. Every watcher keeps its own position, so delivery is in order,
 * without gaps or repeats, whether an event was replayed or seen live.
 */

import { ResourceVersionExpiredError } from '../kinds.js';
import { matchesLogFilter } from '../logs.js';
import { matchesSelection, type Selection } from '../selectors/index.js';
import type {
  LogFilter,
  LogLine,
  Resource,
  Unsubscribe,
  WatchEvent,
  WatchEventHeader,
  WatchEventType,
} from '../store.js';
import { Mailbox } from './mailbox.js';

/** One change of one object, as a store records it. `object` is its JSON (a Workflow without nodes). */
export interface ChangeRecord {
  resourceVersion: number;
  type: WatchEventType;
  kind: string;
  namespace: string;
  name: string;
  uid: string;
  object: string;
}

/** What the feed reads from a store. Everything is synchronous and cheap when nothing changed. */
export interface ChangeSource {
  latestResourceVersion(): number;
  /** The highest resourceVersion whose event was pruned (0 when none was). */
  prunedThrough(): number;
  changesAfter(resourceVersion: number, limit: number): ChangeRecord[];
  latestLogSeq(): number;
  logsAfter(seq: number, limit: number, filter?: LogFilter): LogLine[];
  /** The object to deliver for a change, with the Workflow's current nodes when asked. */
  materialize(change: ChangeRecord, withNodes: boolean): Resource;
}

export interface Subscription {
  kind: string;
  /** '' for all namespaces. */
  namespace: string;
  selection: Selection;
  withNodes: boolean;
  /** Deliver changes after this resourceVersion. */
  from: number;
  /** Objects to announce as ADDED first (a watch without resourceVersion). */
  initial: Resource[];
  onEvent: (event: WatchEvent<Resource>) => void;
  onError: ((err: Error) => void) | undefined;
  skip?: ((header: WatchEventHeader) => boolean) | undefined;
}

interface Watcher {
  sub: Subscription;
  lastRv: number;
  mailbox: Mailbox<WatchEvent<Resource>>;
}

interface Follower {
  filter: LogFilter;
  lastSeq: number;
  mailbox: Mailbox<LogLine>;
}

const PAGE = 1000;

export class ChangeFeed {
  private readonly watchers = new Set<Watcher>();
  private readonly followers = new Set<Follower>();
  private cursor = 0;
  private logCursor = 0;
  private timer: NodeJS.Timeout | undefined;
  private kicked = false;

  constructor(
    private readonly source: ChangeSource,
    private readonly pollMs: number,
  ) {}

  /** Throws ResourceVersionExpiredError when `from` is older than the kept events. */
  subscribe(sub: Subscription): Unsubscribe {
    if (sub.from < this.source.prunedThrough()) throw new ResourceVersionExpiredError(String(sub.from));
    this.start();
    const watcher: Watcher = {
      sub,
      lastRv: sub.from,
      mailbox: new Mailbox(sub.onEvent, sub.onError, () => this.watchers.delete(watcher)),
    };
    for (const object of sub.initial) watcher.mailbox.post({ type: 'ADDED', object });
    // Replay what the feed has already passed; the next polls deliver the rest.
    while (watcher.lastRv < this.cursor) {
      const changes = this.source
        .changesAfter(watcher.lastRv, PAGE)
        .filter((c) => c.resourceVersion <= this.cursor);
      if (changes.length === 0) break;
      for (const change of changes) this.offer(watcher, change, JSON.parse(change.object) as Resource);
    }
    watcher.lastRv = Math.max(watcher.lastRv, this.cursor);
    this.watchers.add(watcher);
    return () => watcher.mailbox.close();
  }

  follow(
    filter: LogFilter,
    sinceSeq: number,
    onLine: (line: LogLine) => void,
    onError: ((err: Error) => void) | undefined,
  ): Unsubscribe {
    this.start();
    const follower: Follower = {
      filter,
      lastSeq: sinceSeq,
      mailbox: new Mailbox(onLine, onError, () => this.followers.delete(follower)),
    };
    while (follower.lastSeq < this.logCursor) {
      const lines = this.source
        .logsAfter(follower.lastSeq, PAGE, filter)
        .filter((l) => l.seq <= this.logCursor);
      if (lines.length === 0) break;
      for (const line of lines) {
        follower.mailbox.post(line);
        follower.lastSeq = line.seq;
      }
    }
    follower.lastSeq = Math.max(follower.lastSeq, this.logCursor);
    this.followers.add(follower);
    return () => follower.mailbox.close();
  }

  /** A local write happened: look for new changes soon, without waiting for the next poll. */
  kick(): void {
    if (this.timer === undefined || this.kicked) return;
    this.kicked = true;
    setImmediate(() => {
      this.kicked = false;
      this.poll();
    });
  }

  close(): void {
    for (const w of this.watchers) w.mailbox.close();
    for (const f of this.followers) f.mailbox.close();
    this.stopIfIdle();
  }

  private start(): void {
    if (this.timer !== undefined) return;
    this.cursor = this.source.latestResourceVersion();
    this.logCursor = this.source.latestLogSeq();
    this.timer = setInterval(() => this.poll(), this.pollMs);
  }

  private stopIfIdle(): void {
    if (this.watchers.size > 0 || this.followers.size > 0 || this.timer === undefined) return;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private poll(): void {
    try {
      this.pollChanges();
      this.pollLogs();
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      for (const w of this.watchers) w.mailbox.fail(error);
      for (const f of this.followers) f.mailbox.fail(error);
    }
    this.stopIfIdle();
  }

  private pollChanges(): void {
    if (this.watchers.size === 0) {
      this.cursor = this.source.latestResourceVersion();
      return;
    }
    if (this.source.latestResourceVersion() <= this.cursor) return;
    if (this.source.prunedThrough() > this.cursor) {
      for (const w of this.watchers) w.mailbox.fail(new ResourceVersionExpiredError(String(this.cursor)));
      return;
    }
    for (;;) {
      const changes = this.source.changesAfter(this.cursor, PAGE);
      if (changes.length === 0) return;
      for (const change of changes) {
        let parsed: Resource | undefined;
        for (const w of this.watchers) {
          if (this.skipped(w, change)) continue;
          parsed ??= JSON.parse(change.object) as Resource;
          this.offer(w, change, parsed);
        }
        this.cursor = change.resourceVersion;
      }
    }
  }

  private pollLogs(): void {
    if (this.followers.size === 0) {
      this.logCursor = this.source.latestLogSeq();
      return;
    }
    if (this.source.latestLogSeq() <= this.logCursor) return;
    for (;;) {
      const lines = this.source.logsAfter(this.logCursor, PAGE);
      if (lines.length === 0) return;
      for (const line of lines) {
        for (const f of this.followers) {
          if (line.seq > f.lastSeq && matchesLogFilter(f.filter, line)) f.mailbox.post(line);
          f.lastSeq = Math.max(f.lastSeq, line.seq);
        }
        this.logCursor = line.seq;
      }
    }
  }

  /** Passes over a change the watcher does not want, by its header alone (no object parsed). */
  private skipped(w: Watcher, change: ChangeRecord): boolean {
    if (change.resourceVersion <= w.lastRv) return true;
    const { sub } = w;
    if (change.kind !== sub.kind || (sub.namespace !== '' && change.namespace !== sub.namespace)) {
      w.lastRv = change.resourceVersion;
      return true;
    }
    if (!sub.skip) return false;
    const header = {
      type: change.type,
      namespace: change.namespace,
      name: change.name,
      resourceVersion: String(change.resourceVersion),
    };
    if (!sub.skip(header)) return false;
    w.lastRv = change.resourceVersion;
    return true;
  }

  private offer(w: Watcher, change: ChangeRecord, parsed: Resource): void {
    if (change.resourceVersion <= w.lastRv) return;
    w.lastRv = change.resourceVersion;
    const { sub } = w;
    if (change.kind !== sub.kind) return;
    if (sub.namespace !== '' && change.namespace !== sub.namespace) return;
    if (!matchesSelection(sub.selection, parsed)) return;
    w.mailbox.post({ type: change.type, object: this.source.materialize(change, sub.withNodes) });
  }
}
