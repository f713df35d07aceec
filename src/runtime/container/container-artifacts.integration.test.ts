/**
 * Artifacts on the container runtime through the CLI, as a user runs them: a file and a directory
 * saved by one step (to the local repository, through the executor) and placed in the next with
 * its mode; a missing non-optional output artifact failing the node with Argo's message. Own
 * fixtures in testdata/container/. Nothing is left in the engine or the staging directory afterwards.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { expectOk, homesForThisFile, nodesByName, readWorkflow, runCli } from '../../cli/testing/run-cli.js';
import { ContainerRuntime } from './container-runtime.js';
import type { Engine } from './engine-client.js';
import { leftovers, testEngine } from './test-engine.js';

const engineOrReason = await testEngine();
const skip = typeof engineOrReason === 'string' ? engineOrReason : false;
const newHome = homesForThisFile();
const homes: string[] = [];
const home = () => {
  const h = newHome();
  homes.push(h);
  return h;
};
const fixture = (name: string) => `testdata/container/${name}.yaml`;
const ct = (h: string, args: string[], timeoutMs = 90_000) =>
  runCli(['--runtime', 'container', ...args], { home: h, timeoutMs });

/** Nothing staged for copying in or out is left once the pods are done. */
function stagedLeft(h: string): string[] {
  const dir = join(h, 'pods', '.artifacts');
  return existsSync(dir) ? readdirSync(dir) : [];
}

describe('artifacts on the container runtime (CLI)', { skip }, () => {
  after(async () => {
    const engine = engineOrReason as Engine;
    let left = 0;
    for (const h of homes) {
      left += await leftovers(engine, h);
      await new ContainerRuntime({ scope: h, stagingDir: h, engine }).removeAll();
    }
    assert.equal(left, 0, 'containers or volumes left in the engine');
  });

  test('a file and a directory (onto an emptyDir volume) pass from one step to the next, with the input mode applied', async () => {
    const h = home();
    const r = expectOk(await ct(h, ['submit', '--wait', fixture('artifacts'), '-o', 'name']), 'submit');
    const name = r.stdout.trim();
    const wf = await readWorkflow(h, name);
    assert.equal(wf?.status?.phase, 'Succeeded', wf?.status?.message);
    const nodes = nodesByName(wf!);
    const produce = [...nodes.values()].find((n) => n.displayName === 'produce');
    const saved = (produce?.outputs?.artifacts ?? []).map((a) => [a.name, Object.keys(a).sort().join(',')]);
    assert.deepEqual(saved, [
      ['note', 'local,name,path'],
      ['tree', 'archive,local,name,path'],
    ]);
    const logs = expectOk(await ct(h, ['logs', name]), 'logs').stdout;
    assert.match(logs, /a note in a file/);
    assert.match(logs, /note mode 600/);
    assert.match(logs, /one\n.*two\n.*run me/s);
    assert.match(logs, /one\.txt run\.sh sub/);
    // `argosy cp` downloads what the container step saved.
    const out = join(h, 'cp-out');
    expectOk(await ct(h, ['cp', name, out, '--artifact-name', 'note', '--path', '{artifactName}']), 'cp');
    assert.ok(existsSync(join(out, 'note')), 'the saved note is downloadable');
    assert.deepEqual(stagedLeft(h), []);
  });

  test('a missing non-optional output artifact fails the node with the path; an optional one is skipped', async () => {
    const h = home();
    const r = await ct(h, ['submit', '--wait', fixture('artifact-missing'), '-o', 'name']);
    assert.equal(r.code, 1, r.stderr);
    const wf = await readWorkflow(h, r.stdout.trim());
    const node = [...nodesByName(wf!).values()][0];
    assert.equal(node?.phase, 'Error');
    assert.equal(node?.message, 'open /tmp/never-written.txt: no such file or directory');
    assert.deepEqual(stagedLeft(h), []);
  });

  test('symbolic links in an output directory (etc/mtab -> /proc/mounts) are kept, not refused; a tarball of them is refused as an input', async () => {
    const h = home();
    const r = expectOk(await ct(h, ['submit', '--wait', fixture('artifact-links'), '-o', 'name']), 'submit');
    const name = r.stdout.trim();
    const wf = await readWorkflow(h, name);
    assert.equal(wf?.status?.phase, 'Succeeded', wf?.status?.message);
    const nodes = [...nodesByName(wf!).values()];
    const produce = nodes.find((n) => n.displayName === 'produce');
    assert.equal(produce?.phase, 'Succeeded', produce?.message);
    const logs = expectOk(await ct(h, ['logs', name]), 'logs').stdout;
    assert.match(logs, /mtab -> \/proc\/mounts/);
    assert.match(logs, /up -> \.\.\/\.\.\/etc\/hostname/);
    assert.match(logs, /inside: real/);
    assert.match(logs, /entries: inside mtab real\.txt up /, 'the FIFO is left out');
    const tarred = nodes.find((n) => n.displayName === 'consume-tarred');
    assert.equal(tarred?.phase, 'Error');
    assert.equal(
      tarred?.message,
      "failed to load artifact 'tarred': refusing to extract artifact 'tarred': entry 'out/mtab' links to the absolute path '/proc/mounts'",
    );
    assert.deepEqual(stagedLeft(h), []);
  });
});
