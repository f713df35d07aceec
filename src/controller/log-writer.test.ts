import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryStore } from '../store/index.js';
import { type LogKey, LogWriter } from './log-writer.js';

const key = (podName = 'wf-a'): LogKey => ({
  namespace: 'default',
  workflow: 'wf',
  podName,
  container: 'main',
});

function recorder() {
  const calls: Array<{ podName: string; stream: string; chunk: string }> = [];
  const append = async (k: LogKey, stream: 'stdout' | 'stderr', chunk: string) => {
    calls.push({ podName: k.podName, stream, chunk });
  };
  return { calls, append };
}

describe('LogWriter', () => {
  it('batches chunks into one append per pod and stream per flush', async () => {
    const { calls, append } = recorder();
    const w = new LogWriter(append, { flushMs: 10_000 });
    w.write(key(), 'stdout', 'a\n');
    w.write(key(), 'stdout', 'b\n');
    w.write(key(), 'stderr', 'oops\n');
    w.write(key('wf-b'), 'stdout', 'c');
    assert.equal(calls.length, 0);
    await w.flush();
    assert.deepEqual(calls, [
      { podName: 'wf-a', stream: 'stdout', chunk: 'a\nb\n' },
      { podName: 'wf-a', stream: 'stderr', chunk: 'oops\n' },
      { podName: 'wf-b', stream: 'stdout', chunk: 'c' },
    ]);
    await w.flush();
    assert.equal(calls.length, 3, 'nothing new, nothing written');
  });

  it('flushes by itself after flushMs', async () => {
    const { calls, append } = recorder();
    const w = new LogWriter(append, { flushMs: 5 });
    w.write(key(), 'stdout', 'hi\n');
    await new Promise((r) => setTimeout(r, 40));
    assert.deepEqual(calls, [{ podName: 'wf-a', stream: 'stdout', chunk: 'hi\n' }]);
  });

  it('caps a container at limitBytes, with one marker, and drops the rest', async () => {
    const { calls, append } = recorder();
    const w = new LogWriter(append, { flushMs: 10_000, limitBytes: 10 });
    w.write(key(), 'stdout', 'abcdef');
    w.write(key(), 'stdout', 'ghijkl');
    w.write(key(), 'stdout', 'more\n');
    w.write(key('wf-b'), 'stdout', 'other\n');
    await w.flush();
    assert.deepEqual(calls, [
      { podName: 'wf-a', stream: 'stdout', chunk: 'abcdefghij\n[argosy: log truncated at 10 bytes]\n' },
      { podName: 'wf-b', stream: 'stdout', chunk: 'other\n' },
    ]);
  });

  it('puts the marker on a line of its own when a chunk filled the limit exactly', async () => {
    const { calls, append } = recorder();
    const w = new LogWriter(append, { flushMs: 10_000, limitBytes: 10 });
    w.write(key(), 'stdout', 'abcde');
    w.write(key(), 'stdout', 'fghij');
    w.write(key(), 'stdout', 'more\n');
    await w.flush();
    assert.deepEqual(calls, [
      { podName: 'wf-a', stream: 'stdout', chunk: 'abcdefghij\n[argosy: log truncated at 10 bytes]\n' },
    ]);
    const lines = recorder();
    const l = new LogWriter(lines.append, { flushMs: 10_000, limitBytes: 10 });
    l.write(key(), 'stdout', 'abcdefghi\n');
    l.write(key(), 'stdout', 'more\n');
    await l.flush();
    assert.deepEqual(lines.calls, [
      { podName: 'wf-a', stream: 'stdout', chunk: 'abcdefghi\n[argosy: log truncated at 10 bytes]\n' },
    ]);
  });

  it('caps a container at limitLines: a flood of short lines does not become millions of rows', async () => {
    const { calls, append } = recorder();
    const w = new LogWriter(append, { flushMs: 10_000, limitLines: 3 });
    w.write(key(), 'stdout', 'y\ny\n');
    w.write(key(), 'stderr', 'e\ny\ny\n');
    w.write(key(), 'stdout', 'y\n');
    await w.flush();
    assert.deepEqual(calls, [
      { podName: 'wf-a', stream: 'stdout', chunk: 'y\ny\n' },
      { podName: 'wf-a', stream: 'stderr', chunk: 'e\n[argosy: log truncated after 3 lines]\n' },
    ]);
  });

  it('counts a pod again from zero once forgotten (a retried pod of the same name)', async () => {
    const { calls, append } = recorder();
    const w = new LogWriter(append, { flushMs: 10_000, limitLines: 1 });
    w.write(key(), 'stdout', 'one\ntwo\n');
    w.forgetPod('default', 'wf', 'wf-a');
    w.write(key(), 'stdout', 'three\n');
    await w.flush();
    assert.deepEqual(
      calls.map((c) => c.chunk),
      ['one\n[argosy: log truncated after 1 lines]\nthree\n'],
    );
  });

  it('keeps lines in order in a real store, and reports append errors without stopping', async () => {
    const store = new MemoryStore();
    const errors: unknown[] = [];
    let fail = true;
    const w = new LogWriter(
      async (k, stream, chunk) => {
        if (fail) {
          fail = false;
          throw new Error('disk full');
        }
        await store.appendLog(k, stream, chunk);
      },
      { flushMs: 10_000, onError: (err) => errors.push(err) },
    );
    w.write(key(), 'stdout', 'lost\n');
    await w.flush();
    for (let i = 0; i < 5; i++) w.write(key(), 'stdout', `line ${i}\n`);
    await w.flush();
    const lines = await store.readLogs({ namespace: 'default', workflow: 'wf' });
    assert.deepEqual(
      lines.map((l) => l.content),
      ['line 0', 'line 1', 'line 2', 'line 3', 'line 4'],
    );
    assert.equal(errors.length, 1);
    await store.close();
  });
});
