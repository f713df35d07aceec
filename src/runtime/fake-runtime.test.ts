import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../errors/index.js';
import { FakeRuntime } from './fake-runtime.js';
import { plan, RecordingSink } from './host/test-helpers.js';

describe('FakeRuntime', () => {
  it('records plans, reports Running, and lets the test finish pods with outputs', async () => {
    const fake = new FakeRuntime();
    const sink = new RecordingSink();
    const p = plan();
    await fake.start(p, sink);
    assert.deepEqual(fake.running(), [p.podName]);
    assert.equal(fake.plan(p.podName), p);
    fake.log(p.podName, 'hello\n');
    fake.succeed(p.podName, { result: 'hello', parameters: [{ name: 'x', value: '1' }] });
    const [running, done] = sink.of(p.podName);
    assert.equal(running?.phase, 'Running');
    assert.equal(done?.phase, 'Succeeded');
    assert.equal(done?.outputs?.result, 'hello');
    assert.ok(done?.finishedAt);
    assert.deepEqual(fake.running(), []);
    assert.equal(sink.logs.get(`${p.podName}/main/stdout`), 'hello\n');
  });

  it('fails pods, stops them, and refuses plans on request', async () => {
    const fake = new FakeRuntime({ refuse: (pl) => (pl.volumes.length > 0 ? 'no volumes' : undefined) });
    const sink = new RecordingSink();
    const a = plan();
    const b = plan();
    await fake.start(a, sink);
    await fake.start(b, sink);
    fake.fail(a.podName, 2);
    assert.equal((await sink.final(a.podName)).message, 'Error (exit code 2)');
    await fake.stop(b.podName, 'deadline');
    assert.equal(
      (await sink.final(b.podName)).message,
      'Pod was active on the node longer than the specified deadline',
    );
    assert.deepEqual(fake.stopped, [{ podName: b.podName, reason: 'deadline' }]);
    assert.throws(() => fake.check(plan({ volumes: [{ name: 'v' }] })), ValidationError);
  });

  it('can complete every pod on start', async () => {
    const fake = new FakeRuntime({ onStart: () => ({ phase: 'Succeeded' }) });
    const sink = new RecordingSink();
    const p = plan();
    await fake.start(p, sink);
    assert.equal((await sink.final(p.podName)).phase, 'Succeeded');
    assert.equal(fake.observations.length, 2);
  });
});
