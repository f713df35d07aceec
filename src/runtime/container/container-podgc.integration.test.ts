/**
 * Pods kept for podGC on the container runtime: a plan with `retain` keeps its containers after
 * release (so they can be inspected) until collect() or the workflow's deletion; other pods go on
 * release. Skips, saying why, when no engine answers.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { container, plan, run } from '../host/test-helpers.js';
import type { Engine } from './engine-client.js';
import { LABEL, labelFilter } from './labels.js';
import { type TestRuntime, testEngine, testRuntime } from './test-engine.js';

const engineOrReason = await testEngine();
const skip = typeof engineOrReason === 'string' ? engineOrReason : false;
const bb = (script: string) => container(['sh', '-c'], [script], { image: 'busybox' });

describe('container runtime: pods kept for podGC', { skip }, () => {
  let t: TestRuntime;
  before(async () => {
    t = await testRuntime(engineOrReason as Engine);
  });
  after(async () => {
    assert.equal(await t.cleanup(), 0, 'containers or volumes left behind');
  });
  const containersOf = async (podName: string) =>
    (await t.engine.docker.listContainers({ all: true, filters: labelFilter({ [LABEL.pod]: podName }) }))
      .length;
  const settle = async (podName: string, want: number) => {
    for (let i = 0; i < 200 && (await containersOf(podName)) !== want; i++)
      await new Promise((r) => setTimeout(r, 50));
    return containersOf(podName);
  };

  it('keeps a retained pod after release, removes it on collect', async () => {
    const p = plan({ containers: [bb('echo kept')], volumes: [{ name: 'v', emptyDir: {} }], retain: true });
    const obs = await run(t.runtime, p);
    assert.equal(obs.phase, 'Succeeded', obs.message);
    t.runtime.release(p.podName);
    assert.equal(await containersOf(p.podName), 1, 'kept after release');
    t.runtime.collect(p.podName);
    assert.equal(await settle(p.podName, 0), 0, 'removed on collect');
  });

  it('removes a pod without retain on release', async () => {
    const p = plan({ containers: [bb('true')] });
    await run(t.runtime, p);
    t.runtime.release(p.podName);
    assert.equal(await settle(p.podName, 0), 0);
  });

  it("removes a deleted workflow's kept pods", async () => {
    const p = plan({ containers: [bb('true')], retain: true });
    p.workflow.uid = `uid-${process.pid}-deleted`;
    await run(t.runtime, p);
    t.runtime.release(p.podName);
    assert.equal(await containersOf(p.podName), 1);
    await t.runtime.removeWorkflowPods(p.workflow.uid);
    assert.equal(await containersOf(p.podName), 0);
  });
});
