import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, it, test } from 'node:test';
import type { PodPlan } from '../pod-plan.js';
import { HostRuntime } from './host-runtime.js';
import { container, plan, run, tempBase } from './test-helpers.js';

const base = tempBase();
const runtime = new HostRuntime({ baseDir: `${base.dir}/pods`, isolation: 'none' });
after(async () => {
  await runtime.close();
  base.cleanup();
});

describe('HostRuntime without isolation', () => {
  it('reports that it does not isolate', async () => {
    assert.equal((await runtime.isolation()).mode, 'none');
  });

  it('uses paths as written: files placed, outputs read, workingDir created on the host', async () => {
    const dir = `${base.dir}/literal`;
    const p = plan({
      containers: [container(['sh', `${dir}/script`], [], { workingDir: `${dir}/wd` })],
      files: [{ path: `${dir}/script`, content: 'pwd; echo v > out.txt\n' }],
      outputs: { parameters: [{ name: 'v', path: `${dir}/wd/out.txt` }], artifacts: [], captureResult: true },
    });
    const final = await run(runtime, p);
    assert.equal(final.phase, 'Succeeded');
    assert.equal(final.outputs?.result, `${dir}/wd`);
    assert.deepEqual(final.outputs?.parameters, [{ name: 'v', value: 'v' }]);
    assert.equal(readFileSync(`${dir}/wd/out.txt`, 'utf8'), 'v\n');
  });

  it('fails a missing command with Argo’s message', async () => {
    const final = await run(runtime, plan({ containers: [container(['no-such-command-argosy'])] }));
    assert.equal(final.phase, 'Failed');
    assert.match(final.message ?? '', /executable file not found in \$PATH/);
    const abs = await run(runtime, plan({ containers: [container(['/no/such/bin'])] }));
    assert.equal(
      abs.message,
      'failed to find name in PATH: exec: "/no/such/bin": stat /no/such/bin: no such file or directory',
    );
  });

  it('reports exit codes', async () => {
    const final = await run(runtime, plan({ containers: [container(['sh', '-c', 'exit 42'])] }));
    assert.equal(final.message, 'Error (exit code 42)');
  });
});

test('a finished pod leaves an outcome record that survives until released', async () => {
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join: j } = await import('node:path');
  const baseDir = mkdtempSync(j(tmpdir(), 'argosy-outcome-'));
  const first = new HostRuntime({ baseDir, isolation: 'none' });
  const done = new Promise<void>((resolve) => {
    void first.start(recordPlan('rec-pod'), {
      observe: (o) => {
        if (o.phase !== 'Running') resolve();
      },
      log: () => {},
    });
  });
  await done;
  // A new runtime (a restarted controller) finds what the first one recorded.
  const second = new HostRuntime({ baseDir, isolation: 'none' });
  const recovered = second.recover('rec-pod');
  assert.equal(recovered?.phase, 'Succeeded');
  assert.equal(recovered?.outputs?.result, 'recorded');
  second.release('rec-pod');
  assert.equal(second.recover('rec-pod'), undefined);
});

function recordPlan(podName: string): PodPlan {
  return {
    podName,
    nodeId: `${podName}-node`,
    workflow: { namespace: 'default', name: 'wf', uid: 'u' },
    templateName: 't',
    containers: [{ name: 'main', image: 'alpine', command: ['echo', 'recorded'], args: [], env: [] }],
    initContainers: [],
    sidecars: [],
    volumes: [],
    files: [],
    inputArtifacts: [],
    outputs: { parameters: [], artifacts: [], captureResult: true },
    labels: {},
    annotations: {},
  };
}
