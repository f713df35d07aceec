/**
 * The non-root path: a user namespace mapping the user to root, then the same private mount view.
 * When the tests run as root (as in CI), this re-runs a few steps as `nobody` in a child process.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { findSpawner } from './spawner-client.js';

const NOBODY = 65534;
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

const script = (baseDir: string, spawners: string[]) => `
import { HostRuntime } from ${JSON.stringify(here('./host-runtime.ts'))};
import { container, plan, run } from ${JSON.stringify(here('./test-helpers.ts'))};
for (const spawner of ${JSON.stringify(spawners)}) {
  const r = new HostRuntime({ baseDir: ${JSON.stringify(baseDir)} + '/' + spawner, isolation: 'namespace', spawner, warn: () => {} });
  const isolation = await r.isolation();
  const p = plan({
    containers: [container(['sh', '-c', 'id -u; echo hi > /tmp/x; cat /bin/argosy-tool'])],
    outputs: { parameters: [{ name: 'x', path: '/tmp/x' }], artifacts: [], captureResult: true },
    inputArtifacts: [{ name: 't', path: '/bin/argosy-tool', spec: { raw: { data: 'tool' } } }],
  });
  const o = await run(r, p);
  console.log(JSON.stringify({ spawner, isolation, phase: o.phase, message: o.message, outputs: o.outputs }));
  await r.close();
}
`;

test('as a non-root user, steps get a user + mount namespace through both launchers', (t) => {
  if (process.getuid?.() !== 0)
    return t.skip('not root: every other host test already runs the non-root path');
  const dir = mkdtempSync(join(tmpdir(), 'argosy-nonroot-'));
  try {
    chmodSync(dir, 0o777);
    const file = join(dir, 'steps.mts');
    const spawners = findSpawner() ? ['native', 'node'] : ['node'];
    writeFileSync(file, script(join(dir, 'pods'), spawners), { mode: 0o644 });
    const res = spawnSync(process.execPath, ['--import', 'tsx', file], {
      cwd: here('../../..'),
      uid: NOBODY,
      gid: NOBODY,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir },
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (res.status !== 0 && /EACCES|permission denied/i.test(res.stderr))
      return t.skip(`nobody cannot read the repository here: ${res.stderr.split('\n')[0]}`);
    assert.equal(res.status, 0, res.stderr);
    const results = res.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(
      results.map((r) => r.spawner),
      spawners,
    );
    for (const r of results) {
      assert.deepEqual(r.isolation, { mode: 'namespace', userNamespace: true }, r.spawner);
      assert.equal(r.phase, 'Succeeded', `${r.spawner}: ${r.message}`);
      assert.equal(r.outputs.result, '0\ntool', 'root inside the namespace, the file placed in /bin');
      assert.deepEqual(r.outputs.parameters, [{ name: 'x', value: 'hi' }]);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
