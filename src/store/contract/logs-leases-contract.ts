/** Contract: pod logs (append, read, follow, delete with the workflow) and leases. */

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ValidationError } from '../../errors/index.js';
import type { LogLine, LogRef } from '../store.js';
import { type StoreFactory, waitFor, withStore, workflow } from './harness.js';

const pod = (podName: string, container = 'main'): LogRef => ({
  namespace: 'argo',
  workflow: 'w',
  podName,
  container,
});
const text = (lines: LogLine[]) =>
  lines.map((l) => `${l.podName}/${l.container}/${l.stream}: ${l.content}${l.partial ? ' (partial)' : ''}`);

export function logsLeasesContract(factory: StoreFactory): void {
  describe('logs', () => {
    test('stores lines per pod and container, in order, with timestamps', () =>
      withStore(factory, async ({ store, clock }) => {
        await store.appendLog(pod('p1'), 'stdout', 'one\ntwo\n');
        clock.advance(1500);
        await store.appendLog(pod('p1', 'wait'), 'stderr', 'w1\n');
        await store.appendLog(pod('p2'), 'stdout', 'three\r\nfour');
        await store.appendLog({ ...pod('p1'), workflow: 'other' }, 'stdout', 'elsewhere\n');
        const all = await store.readLogs({ namespace: 'argo', workflow: 'w' });
        assert.deepEqual(text(all), [
          'p1/main/stdout: one',
          'p1/main/stdout: two',
          'p1/wait/stderr: w1',
          'p2/main/stdout: three',
          'p2/main/stdout: four (partial)',
        ]);
        assert.equal(all[0]?.time, '2024-05-06T07:08:09.123Z');
        assert.equal(all[2]?.time, '2024-05-06T07:08:10.623Z');
        const seqs = all.map((l) => l.seq);
        assert.deepEqual(
          [...seqs].sort((a, b) => a - b),
          seqs,
        );
        assert.deepEqual(
          text(await store.readLogs({ namespace: 'argo', workflow: 'w', podName: 'p1', container: 'main' })),
          ['p1/main/stdout: one', 'p1/main/stdout: two'],
        );
        const since = await store.readLogs(
          { namespace: 'argo', workflow: 'w' },
          { sinceSeq: all[2]?.seq ?? 0, limit: 1 },
        );
        assert.deepEqual(text(since), ['p2/main/stdout: three']);
        await assert.rejects(store.appendLog({ ...pod('p1'), podName: '' }, 'stdout', 'x'), ValidationError);
      }));

    test('follow replays stored lines then streams new ones, from other processes too', () =>
      withStore(factory, async ({ store, openPeer }) => {
        const peer = await openPeer();
        await store.appendLog(pod('p1'), 'stdout', 'before\n');
        const got: LogLine[] = [];
        const stop = await store.followLogs({ namespace: 'argo', workflow: 'w', podName: 'p1' }, {}, (l) =>
          got.push(l),
        );
        await store.appendLog(pod('p1'), 'stdout', 'local\n');
        await store.appendLog(pod('p2'), 'stdout', 'other pod\n');
        await peer.appendLog(pod('p1'), 'stderr', 'remote\n');
        await waitFor(() => got.length >= 3, 3000, 'followed lines');
        assert.deepEqual(text(got), [
          'p1/main/stdout: before',
          'p1/main/stdout: local',
          'p1/main/stderr: remote',
        ]);
        stop();
        const resumed: LogLine[] = [];
        const stop2 = await store.followLogs(
          { namespace: 'argo', workflow: 'w' },
          { sinceSeq: got[1]?.seq ?? 0 },
          (l) => resumed.push(l),
        );
        await waitFor(() => resumed.length >= 2, 3000, 'resumed lines');
        assert.deepEqual(text(resumed), ['p2/main/stdout: other pod', 'p1/main/stderr: remote']);
        stop2();
      }));

    test('logs are deleted with their workflow', () =>
      withStore(factory, async ({ store }) => {
        await store.create(workflow('w'));
        await store.appendLog(pod('p1'), 'stdout', 'bye\n');
        await store.delete('Workflow', 'argo', 'w');
        assert.deepEqual(await store.readLogs({ namespace: 'argo', workflow: 'w' }), []);
      }));
  });

  describe('leases', () => {
    test('acquire when free, own or expired; refuse while another holds it', () =>
      withStore(factory, async ({ store, clock }) => {
        assert.equal(await store.tryAcquireLease('wf/argo/w', 'a', 10_000), true);
        assert.equal(await store.tryAcquireLease('wf/argo/w', 'b', 10_000), false);
        clock.advance(6000);
        assert.equal(await store.tryAcquireLease('wf/argo/w', 'a', 10_000), true, 'the holder extends');
        clock.advance(6000);
        assert.equal(
          await store.tryAcquireLease('wf/argo/w', 'b', 10_000),
          false,
          'still held after the extension',
        );
        assert.deepEqual(await store.getLease('wf/argo/w'), {
          name: 'wf/argo/w',
          holder: 'a',
          expiresAt: new Date(Date.parse('2024-05-06T07:08:09.123Z') + 16_000),
        });
        clock.advance(4000);
        assert.equal(await store.tryAcquireLease('wf/argo/w', 'b', 10_000), true, 'expired: taken over');
        assert.equal(await store.tryAcquireLease('other', 'a', 10_000), true, 'leases are independent');
      }));

    test('release frees only the holder’s lease', () =>
      withStore(factory, async ({ store, openPeer }) => {
        const peer = await openPeer();
        assert.equal(await store.tryAcquireLease('l', 'a', 60_000), true);
        await peer.releaseLease('l', 'b');
        assert.equal(await peer.tryAcquireLease('l', 'b', 60_000), false);
        await store.releaseLease('l', 'a');
        assert.equal(await store.getLease('l'), undefined);
        assert.equal(await peer.tryAcquireLease('l', 'b', 60_000), true);
        await assert.rejects(store.tryAcquireLease('l', 'a', 0), ValidationError);
      }));
  });
}
