import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { PodObservation } from '../pod-plan.js';
import { PID_FILE, removePidFile, writePidFile } from './orphans.js';
import { readOutcome, removeOutcome, writeOutcome } from './outcome-records.js';
import { ScratchPool } from './scratch-pool.js';
import { tempBase } from './test-helpers.js';

const base = tempBase();
after(() => base.cleanup());

/** A pod directory as preparePodDir and the spawner leave it (the HOME mirror when under /tmp). */
function skeleton(baseDir: string, pod: string): string {
  const dir = join(baseDir, pod);
  for (const sub of ['home', 'argo']) mkdirSync(join(dir, sub), { recursive: true });
  const underTmp = base.dir.startsWith('/tmp/');
  const mirror = underTmp ? [base.dir.slice('/tmp/'.length), 'pods', pod, 'home'] : [];
  mkdirSync(join(dir, 'tmp', ...mirror), { recursive: true });
  writePidFile(dir, process.pid);
  removePidFile(dir);
  return dir;
}

describe('ScratchPool', () => {
  const baseDir = join(base.dir, 'pods');
  mkdirSync(baseDir, { recursive: true });
  const pool = new ScratchPool(baseDir);

  it('reuses an untouched directory for the next pod, renaming its HOME mirror', async (t) => {
    if (!base.dir.startsWith('/tmp/')) return t.skip('TMPDIR is not /tmp: no HOME mirror to rename');
    const first = skeleton(baseDir, 'pod-a');
    const inode = statSync(first).ino;
    pool.give(first, 'pod-a');
    await pool.settled();
    assert.equal(existsSync(first), false);
    const next = join(baseDir, 'pod-b');
    assert.deepEqual(await pool.take(next, 'pod-b'), {
      entries: new Set(['home', 'tmp', 'argo', 'pid.json']),
    });
    assert.equal(statSync(next).ino, inode, 'the same directory, renamed');
    const mirrorParent = join(next, 'tmp', base.dir.slice('/tmp/'.length), 'pods');
    assert.deepEqual(readdirSync(mirrorParent), ['pod-b']);
    assert.equal(await pool.take(join(baseDir, 'pod-c'), 'pod-c'), 'none', 'nothing else is idle');
  });

  it('removes a directory the step wrote into instead of reusing it', async () => {
    for (const [pod, file] of [
      ['dirty-home', 'home/.history'],
      ['dirty-tmp', 'tmp/out.txt'],
      ['dirty-argo', 'argo/x'],
      ['extra', 'mounts'],
    ] as const) {
      const dir = skeleton(baseDir, pod);
      writeFileSync(join(dir, file), 'x');
      pool.give(dir, pod);
      await pool.settled();
      assert.equal(existsSync(dir), false, `${pod} removed`);
      assert.equal(await pool.take(join(baseDir, `${pod}-next`), `${pod}-next`), 'none', `${pod} not reused`);
    }
  });

  it('a new runtime adopts the idle directories an earlier one left', async () => {
    pool.give(skeleton(baseDir, 'left-behind'), 'left-behind');
    await pool.settled();
    const later = new ScratchPool(baseDir);
    assert.deepEqual(await later.take(join(baseDir, 'adopter'), 'adopter'), { entries: new Set() });
  });

  it("says so when the pod's directory is already there (a run cut short), and keeps the idle one", async () => {
    pool.give(skeleton(baseDir, 'spare'), 'spare');
    await pool.settled();
    const leftover = skeleton(baseDir, 'cut-short');
    writeFileSync(join(leftover, 'home', 'half-written'), 'x');
    assert.equal(await pool.take(leftover, 'cut-short'), 'occupied');
    assert.equal(existsSync(join(leftover, 'home', 'half-written')), true, 'the leftover is untouched');
    rmSync(leftover, { recursive: true });
    assert.equal(typeof (await pool.take(leftover, 'cut-short')), 'object', 'the idle one is still there');
  });
});

describe('reused record files', () => {
  const observation = (podName: string, message: string): PodObservation => ({
    podName,
    nodeId: podName,
    phase: 'Failed',
    message,
    containers: [],
    startedAt: 't',
  });

  it('a released outcome record is rewritten for the next pod, never showing the old content', () => {
    const baseDir = join(base.dir, 'outcomes');
    writeOutcome(baseDir, observation('p1', 'x'.repeat(5000)));
    removeOutcome(baseDir, 'p1');
    assert.equal(readOutcome(baseDir, 'p1'), undefined);
    writeOutcome(baseDir, observation('p2', 'short'));
    assert.deepEqual(readOutcome(baseDir, 'p2'), observation('p2', 'short'));
    assert.deepEqual(readdirSync(join(baseDir, '.outcomes', '.spare')), [], 'the spare file was used');
    removeOutcome(baseDir, 'never-written');
  });

  it('a record another process wrote is reused without its longer old content showing', () => {
    const baseDir = join(base.dir, 'outcomes-foreign');
    mkdirSync(join(baseDir, '.outcomes'), { recursive: true });
    const old = observation('old', 'y'.repeat(3000));
    writeFileSync(join(baseDir, '.outcomes', 'old.json'), JSON.stringify(old));
    assert.deepEqual(readOutcome(baseDir, 'old'), old);
    removeOutcome(baseDir, 'old');
    writeOutcome(baseDir, observation('new', 'n'));
    assert.deepEqual(readOutcome(baseDir, 'new'), observation('new', 'n'));
    // And this process's own records, longer then shorter, through the same spare.
    removeOutcome(baseDir, 'new');
    writeOutcome(baseDir, observation('third', 't'.repeat(4000)));
    removeOutcome(baseDir, 'third');
    writeOutcome(baseDir, observation('fourth', ''));
    assert.deepEqual(readOutcome(baseDir, 'fourth'), observation('fourth', ''));
    assert.equal(readOutcome(baseDir, 'third'), undefined);
  });

  it('a blanked pid file records no step, and can be written again', () => {
    const dir = join(base.dir, 'pidfile');
    mkdirSync(dir, { recursive: true });
    writePidFile(dir, process.pid);
    const size = statSync(join(dir, PID_FILE)).size;
    removePidFile(dir);
    assert.equal(statSync(join(dir, PID_FILE)).size, size, 'blanked in place');
    assert.throws(() => JSON.parse(readFileSync(join(dir, PID_FILE), 'utf8')));
  });
});
