import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { PID_FILE, processStartTime, reapOrphans, writePidFile } from './orphans.js';
import { tempBase } from './test-helpers.js';

const base = tempBase();
after(() => base.cleanup());

function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

describe('reapOrphans', () => {
  it('kills the process group of a pod whose controller died, grandchildren included', async () => {
    // A stand-in for a controller that is then kill -9'd: it starts a detached step and records it.
    const podDir = join(base.dir, 'orphan-pod');
    mkdirSync(podDir, { recursive: true });
    const script = `
      const { spawn } = require('node:child_process');
      const fs = require('node:fs');
      const child = spawn('sh', ['-c', 'sleep 100 & echo $! > ${podDir}/grandchild; sleep 100'], { detached: true, stdio: 'ignore' });
      const stat = fs.readFileSync('/proc/' + child.pid + '/stat', 'utf8');
      const self = fs.readFileSync('/proc/' + process.pid + '/stat', 'utf8');
      const start = (s) => s.slice(s.lastIndexOf(')') + 2).split(' ')[19];
      fs.writeFileSync('${podDir}/${PID_FILE}', JSON.stringify({ pid: child.pid, startTime: start(stat), controllerPid: process.pid, controllerStartTime: start(self) }));
      setInterval(() => {}, 1000);
    `;
    const controller = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
    while (!existsSync(join(podDir, 'grandchild')) || !existsSync(join(podDir, PID_FILE))) await sleep(10);
    const record = JSON.parse(readFileSync(join(podDir, PID_FILE), 'utf8')) as { pid: number };
    const grandchild = Number(readFileSync(join(podDir, 'grandchild'), 'utf8'));
    controller.kill('SIGKILL');
    await new Promise((r) => controller.once('exit', r));
    assert.ok(alive(record.pid) && alive(grandchild));

    const reaped = await reapOrphans(base.dir, 500);
    assert.deepEqual(reaped, ['orphan-pod']);
    assert.equal(alive(record.pid), false);
    assert.equal(alive(grandchild), false);
    assert.equal(existsSync(join(podDir, PID_FILE)), false);
  });

  it('leaves pods of a live controller (this process) alone', async () => {
    const podDir = join(base.dir, 'mine');
    mkdirSync(podDir, { recursive: true });
    const child = spawn('sleep', ['100'], { detached: true, stdio: 'ignore' });
    await new Promise((r) => child.once('spawn', r));
    writePidFile(podDir, child.pid!);
    assert.deepEqual(await reapOrphans(base.dir), []);
    assert.ok(alive(child.pid!));
    process.kill(-child.pid!, 'SIGKILL');
  });

  it('ignores a recycled PID and a missing base directory', async () => {
    const podDir = join(base.dir, 'recycled');
    mkdirSync(podDir, { recursive: true });
    writeFileSync(
      join(podDir, PID_FILE),
      JSON.stringify({
        pid: process.pid,
        startTime: '1',
        controllerPid: 999999999,
        controllerStartTime: '1',
      }),
    );
    assert.deepEqual(await reapOrphans(base.dir), []);
    assert.ok(processStartTime(process.pid));
    assert.deepEqual(await reapOrphans(join(base.dir, 'nope')), []);
  });
});
