// The feed over an asynchronous source (as PostgreSQL and MySQL are): a watch added while a poll is
// in flight keeps the feed polling, and delivery follows the event headers' rules.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Resource, WatchEvent } from '../store.js';
import { ChangeFeed, type ChangeRecord, type ChangeSource, type Subscription } from './change-feed.js';

class SlowSource implements ChangeSource {
  events: ChangeRecord[] = [];
  objects = new Map<string, Resource>();
  private gate: Promise<void> = Promise.resolve();
  private open: () => void = () => {};
  blocked = 0;

  hold(): void {
    this.gate = new Promise((r) => {
      this.open = r;
    });
  }
  release(): void {
    this.open();
  }
  write(type: ChangeRecord['type'], name: string): void {
    const rv = this.events.length + 1;
    const object = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace: 'ns', uid: name, resourceVersion: String(rv) },
    };
    if (type === 'DELETED') this.objects.delete(name);
    else this.objects.set(name, object);
    this.events.push({
      resourceVersion: rv,
      type,
      kind: 'ConfigMap',
      namespace: 'ns',
      name,
      uid: name,
      ...(type === 'DELETED' ? { tombstone: JSON.stringify(object) } : {}),
    });
  }
  async latestResourceVersion() {
    this.blocked++;
    await this.gate;
    this.blocked--;
    return this.events.length;
  }
  async prunedThrough() {
    return 0;
  }
  async changesAfter(rv: number, limit: number) {
    return this.events.filter((e) => e.resourceVersion > rv).slice(0, limit);
  }
  async latestLogSeq() {
    return 0;
  }
  async logsAfter() {
    return [];
  }
  async currentVersion(uid: string) {
    const o = this.objects.get(uid);
    return o ? Number(o.metadata.resourceVersion) : undefined;
  }
  async materialize(change: ChangeRecord) {
    if (change.tombstone) return JSON.parse(change.tombstone) as Resource;
    const o = this.objects.get(change.uid);
    return o && (JSON.parse(JSON.stringify(o)) as Resource);
  }
}

const sub = (events: string[], from: number): Subscription => ({
  kind: 'ConfigMap',
  namespace: '',
  selection: { labels: [], fields: [] },
  withNodes: false,
  from,
  initial: [],
  onEvent: (e: WatchEvent<Resource>) =>
    events.push(`${e.type} ${e.object.metadata.name} ${e.object.metadata.resourceVersion}`),
  onError: undefined,
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, what: string): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > 2000) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

test('a watch added while a poll is in flight keeps the feed polling', async () => {
  const source = new SlowSource();
  const feed = new ChangeFeed(source, 5);
  const first: string[] = [];
  const stopFirst = await feed.subscribe(sub(first, 0));
  stopFirst(); // no watcher left, the timer still runs until the next poll ends
  source.hold();
  await until(() => source.blocked > 0, 'a poll to block');
  const events: string[] = [];
  const adding = feed.subscribe(sub(events, 0));
  await sleep(20);
  source.release(); // the poll ends with no watcher registered yet
  const stop = await adding;
  source.write('ADDED', 'a');
  await until(() => events.length === 1, 'the event');
  assert.deepEqual(events, ['ADDED a 1']);
  stop();
  feed.close();
});

test('events overtaken before a poll read them: the latest state, ADDED kept; unseen deletions dropped', async () => {
  const source = new SlowSource();
  const feed = new ChangeFeed(source, 5);
  const events: string[] = [];
  source.hold();
  const adding = feed.subscribe(sub(events, 0));
  source.write('ADDED', 'a');
  source.write('MODIFIED', 'a');
  source.write('ADDED', 'gone');
  source.write('DELETED', 'gone');
  source.write('MODIFIED', 'a');
  source.release();
  const stop = await adding;
  await until(() => events.length >= 1, 'events');
  await sleep(30);
  assert.deepEqual(events, ['ADDED a 5']);
  source.write('DELETED', 'a');
  await until(() => events.length === 2, 'the deletion');
  assert.deepEqual(events, ['ADDED a 5', 'DELETED a 6']);
  stop();
  feed.close();
});

/** Counts the change-log reads, so a test can tell a locally delivered change from one read back. */
class CountingSource extends SlowSource {
  reads = 0;
  override async changesAfter(rv: number, limit: number) {
    this.reads++;
    return super.changesAfter(rv, limit);
  }
}

test('changes this process committed are delivered without reading the change log back', async () => {
  const source = new CountingSource();
  const feed = new ChangeFeed(source, 60_000); // no timer poll during the test: only kicks
  const events: string[] = [];
  const stop = await feed.subscribe(sub(events, 0));
  for (const name of ['a', 'b']) {
    source.write('ADDED', name);
    feed.committed([source.events.at(-1)!]);
  }
  await until(() => events.length === 2, 'both events');
  assert.deepEqual(events, ['ADDED a 1', 'ADDED b 2']);
  assert.equal(source.reads, 0);
  stop();
  feed.close();
});

test('a change another process wrote between two local ones is read from the log, in order', async () => {
  const source = new CountingSource();
  const feed = new ChangeFeed(source, 60_000);
  const events: string[] = [];
  const stop = await feed.subscribe(sub(events, 0));
  source.write('ADDED', 'mine');
  feed.committed([source.events.at(-1)!]);
  await until(() => events.length === 1, 'the first event');
  source.write('ADDED', 'theirs'); // not announced to this feed
  source.write('ADDED', 'mine-too');
  feed.committed([source.events.at(-1)!]);
  await until(() => events.length === 3, 'the other events');
  assert.deepEqual(events, ['ADDED mine 1', 'ADDED theirs 2', 'ADDED mine-too 3']);
  assert.ok(source.reads > 0, 'the gap was filled from the change log');
  stop();
  feed.close();
});
