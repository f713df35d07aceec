/**
 * Delivers watch events and followed log lines, for every Store implementation. A store keeps an
 * ordered change log (event headers with resourceVersions, log lines with seqs); the feed reads it
 * after each local write (`kick`) and every `pollMs`, which is how changes written by other
 * processes sharing the database arrive. Every watcher keeps its own position, so delivery is in
 * order, without gaps or repeats, whether an event was replayed or seen live. The source may be
 * synchronous (SQLite, memory) or asynchronous (PostgreSQL, MySQL): reads of the feed run one at a
 * time, so a watch being replayed and a poll never interleave.
 *
 * Events keep no object (a status write would otherwise store the whole workflow twice): an event
 * is delivered with the object read from the current rows, and only when it is the object's latest
 * change, so every delivered object has its event's resourceVersion and resourceVersions delivered
 * only increase. An event superseded by a later change of the same object is passed over (that
 * later change is delivered, as ADDED if the watcher has not seen the object yet); an object
 * created and deleted before the watcher saw it is not announced at all. Level-triggered consumers
 * see every object's latest state; they may not see every intermediate one.
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

/** One change of one object, as a store records it: a header, and for DELETED the last object. */
export interface ChangeRecord {
  resourceVersion: number;
  type: WatchEventType;
  kind: string;
  namespace: string;
  name: string;
  uid: string;
  /** DELETED only: the object as it was deleted (JSON, a Workflow without nodes). */
  tombstone?: string;
}

type Awaitable<T> = T | Promise<T>;

/** What the feed reads from a store. Cheap when nothing changed. */
export interface ChangeSource {
  latestResourceVersion(): Awaitable<number>;
  /** The highest resourceVersion whose event was pruned (0 when none was). */
  prunedThrough(): Awaitable<number>;
  changesAfter(resourceVersion: number, limit: number): Awaitable<ChangeRecord[]>;
  latestLogSeq(): Awaitable<number>;
  logsAfter(seq: number, limit: number, filter?: LogFilter): Awaitable<LogLine[]>;
  /** The resourceVersion of the object with this uid now; undefined once it is deleted. */
  currentVersion(uid: string): Awaitable<number | undefined>;
  /**
   * The object to deliver: a DELETED change's tombstone, else the object's current state (with
   * the Workflow's current nodes when asked); undefined when it no longer exists.
   */
  materialize(change: ChangeRecord, withNodes: boolean): Awaitable<Resource | undefined>;
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
  /** Objects (by uid) whose ADDED was passed over as superseded: their next delivery is ADDED. */
  unseen: Set<string>;
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
  private started: Promise<void> | undefined;
  private kicked = false;
  private polling = false;
  /** Subscriptions and follows being added. */
  private pending = 0;
  /** A poll was asked for while one ran. */
  private again = false;
  /** ...and one of those was a full poll (the timer's), not only kicks. */
  private againFull = false;
  /**
   * Changes this process committed (in commit order) that the cursor has not passed yet: a kicked
   * poll delivers them without reading the change log back when they directly follow the cursor.
   */
  private local: ChangeRecord[] = [];
  /** Feed reads run one after another through this chain. */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly source: ChangeSource,
    private readonly pollMs: number,
  ) {}

  /** Rejects with ResourceVersionExpiredError when `from` is older than the kept events. */
  async subscribe(sub: Subscription): Promise<Unsubscribe> {
    this.pending++;
    try {
      await this.start();
      return await this.serially(() => this.addWatcher(sub));
    } finally {
      this.pending--;
    }
  }

  private async addWatcher(sub: Subscription): Promise<Unsubscribe> {
    if (sub.from < (await this.source.prunedThrough()))
      throw new ResourceVersionExpiredError(String(sub.from));
    const watcher: Watcher = {
      sub,
      lastRv: sub.from,
      mailbox: new Mailbox(sub.onEvent, sub.onError, () => this.watchers.delete(watcher)),
      unseen: new Set(),
    };
    for (const object of sub.initial) watcher.mailbox.post({ type: 'ADDED', object });
    // Replay what the feed has already passed; the next polls deliver the rest.
    while (watcher.lastRv < this.cursor) {
      const changes = (await this.source.changesAfter(watcher.lastRv, PAGE)).filter(
        (c) => c.resourceVersion <= this.cursor,
      );
      if (changes.length === 0) break;
      for (const change of changes) await this.offer(watcher, change, this.versionOnce(change));
    }
    watcher.lastRv = Math.max(watcher.lastRv, this.cursor);
    this.watchers.add(watcher);
    return () => watcher.mailbox.close();
  }

  async follow(
    filter: LogFilter,
    sinceSeq: number,
    onLine: (line: LogLine) => void,
    onError: ((err: Error) => void) | undefined,
  ): Promise<Unsubscribe> {
    this.pending++;
    try {
      await this.start();
      return await this.serially(() => this.addFollower(filter, sinceSeq, onLine, onError));
    } finally {
      this.pending--;
    }
  }

  private async addFollower(
    filter: LogFilter,
    sinceSeq: number,
    onLine: (line: LogLine) => void,
    onError: ((err: Error) => void) | undefined,
  ): Promise<Unsubscribe> {
    const follower: Follower = {
      filter,
      lastSeq: sinceSeq,
      mailbox: new Mailbox(onLine, onError, () => this.followers.delete(follower)),
    };
    while (follower.lastSeq < this.logCursor) {
      const lines = (await this.source.logsAfter(follower.lastSeq, PAGE, filter)).filter(
        (l) => l.seq <= this.logCursor,
      );
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
      this.poll(true);
    });
  }

  /**
   * A local write committed these changes (in resourceVersion order). When they directly follow
   * what the feed has delivered, the next kicked poll delivers them as they are: no read of the
   * change log, which is most of a poll's cost when one process writes a change per step. A gap
   * (another process wrote in between) makes the poll read the log as usual, so nothing is missed.
   */
  committed(changes: ChangeRecord[]): void {
    if (this.timer === undefined) return; // not started: its start reads the latest version
    this.local.push(...changes);
    this.kick();
  }

  close(): void {
    for (const w of this.watchers) w.mailbox.close();
    for (const f of this.followers) f.mailbox.close();
    this.stopIfIdle();
  }

  private serially<R>(fn: () => Promise<R>): Promise<R> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private start(): Promise<void> {
    if (this.timer !== undefined && this.started) return this.started;
    this.timer = setInterval(() => this.poll(), this.pollMs);
    this.started = this.serially(async () => {
      this.cursor = await this.source.latestResourceVersion();
      this.logCursor = await this.source.latestLogSeq();
    });
    return this.started;
  }

  private stopIfIdle(): void {
    // `pending`: a watch or follow is being added (it waits behind a poll): keep polling for it.
    if (this.watchers.size > 0 || this.followers.size > 0 || this.pending > 0 || this.timer === undefined)
      return;
    clearInterval(this.timer);
    this.timer = undefined;
    this.started = undefined;
  }

  /**
   * One poll at a time; a poll asked for while one runs follows it. A kicked poll (after a local
   * write) may skip reading the change log when the local changes cover it (`committed`); the
   * timer's polls always read it, which is how other processes' writes arrive.
   */
  private poll(kicked = false): void {
    if (this.polling) {
      this.again = true;
      this.againFull ||= !kicked;
      return;
    }
    this.polling = true;
    this.again = false;
    this.againFull = false;
    void this.serially(async () => {
      try {
        const covered = await this.deliverLocal();
        if (!(kicked && covered)) await this.pollChanges();
        await this.pollLogs(kicked);
      } catch (err) {
        const error = err instanceof Error ? err : new Error(String(err));
        for (const w of this.watchers) w.mailbox.fail(error);
        for (const f of this.followers) f.mailbox.fail(error);
      }
    }).finally(() => {
      this.polling = false;
      this.stopIfIdle();
      if (this.again && this.timer !== undefined) this.poll(!this.againFull);
    });
  }

  /**
   * Delivers the locally committed changes when they directly follow the cursor; resolves whether
   * they did (else the change log is read as usual, and they are dropped: it holds them too).
   */
  private async deliverLocal(): Promise<boolean> {
    const local = this.local.filter((c) => c.resourceVersion > this.cursor);
    this.local = [];
    if (local.length === 0) return false;
    if (!local.every((c, i) => c.resourceVersion === this.cursor + 1 + i)) return false;
    await this.deliver(local);
    return true;
  }

  /** Offers changes, in order, to every watcher that wants them, and moves the cursor past them. */
  private async deliver(changes: ChangeRecord[]): Promise<void> {
    for (const change of changes) {
      if (change.resourceVersion <= this.cursor) continue;
      const version = this.versionOnce(change);
      for (const w of this.watchers) {
        if (this.skipped(w, change)) continue;
        await this.offer(w, change, version);
      }
      this.cursor = change.resourceVersion;
    }
  }

  private async pollChanges(): Promise<void> {
    if (this.watchers.size === 0) {
      this.cursor = await this.source.latestResourceVersion();
      return;
    }
    if ((await this.source.latestResourceVersion()) <= this.cursor) return;
    if ((await this.source.prunedThrough()) > this.cursor) {
      for (const w of this.watchers) w.mailbox.fail(new ResourceVersionExpiredError(String(this.cursor)));
      return;
    }
    for (;;) {
      const changes = await this.source.changesAfter(this.cursor, PAGE);
      if (changes.length === 0) return;
      await this.deliver(changes);
    }
  }

  private async pollLogs(kicked: boolean): Promise<void> {
    if (this.followers.size === 0) {
      // Only keeps the replay of a new follower short; the timer's polls do it often enough.
      if (kicked) return;
      this.logCursor = await this.source.latestLogSeq();
      return;
    }
    if ((await this.source.latestLogSeq()) <= this.logCursor) return;
    for (;;) {
      const lines = await this.source.logsAfter(this.logCursor, PAGE);
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

  /** Reads the object's current resourceVersion at most once per change, whatever the number of watchers. */
  private versionOnce(change: ChangeRecord): () => Promise<number | undefined> {
    let version: Promise<number | undefined> | undefined;
    return () => {
      version ??=
        change.type === 'DELETED'
          ? Promise.resolve(undefined)
          : Promise.resolve(this.source.currentVersion(change.uid));
      return version;
    };
  }

  private async offer(
    w: Watcher,
    change: ChangeRecord,
    currentVersion: () => Promise<number | undefined>,
  ): Promise<void> {
    if (change.resourceVersion <= w.lastRv) return;
    w.lastRv = change.resourceVersion;
    const { sub } = w;
    if (change.kind !== sub.kind) return;
    if (sub.namespace !== '' && change.namespace !== sub.namespace) return;
    if (change.type === 'DELETED') {
      // Created and deleted before this watcher saw it: nothing to announce.
      if (w.unseen.delete(change.uid)) return;
      const object = await this.source.materialize(change, sub.withNodes);
      if (object && matchesSelection(sub.selection, object)) w.mailbox.post({ type: 'DELETED', object });
      return;
    }
    // Only the object's latest change is delivered (its current version is read before its object).
    const object =
      (await currentVersion()) === change.resourceVersion
        ? await this.source.materialize(change, sub.withNodes)
        : undefined;
    if (!object || Number(object.metadata.resourceVersion) !== change.resourceVersion) {
      // Superseded by a later change (delivered with it), or deleted since (its DELETED follows).
      if (change.type === 'ADDED') w.unseen.add(change.uid);
      return;
    }
    const type = w.unseen.delete(change.uid) ? 'ADDED' : change.type;
    if (matchesSelection(sub.selection, object)) w.mailbox.post({ type, object });
  }
}
