/**
 * Pid files and the reaping of steps left behind by a controller that died without stopping them
 * (kill -9). Each pod directory holds `pid.json`: the step's process group and the kernel start time of
 * its leader, so a recycled PID is never mistaken for the step.
 */
import { closeSync, existsSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { killGroup } from './pod-process.js';

export const PID_FILE = 'pid.json';

interface PidRecord {
  pid: number;
  startTime?: string;
  controllerPid: number;
  controllerStartTime?: string;
}

/** Kernel start time of a process (field 22 of /proc/PID/stat), or undefined if it does not exist. */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/**
 * The pid file is written in place at a fixed size and blanked rather than deleted, so a reused pod
 * directory (scratch-pool.ts) needs no new inode per step, and no truncation that makes ext4 flush.
 */
const PID_FILE_SIZE = 256;

function overwrite(path: string, text: string, create: boolean): void {
  let fd: number;
  try {
    fd = openSync(path, 'r+');
  } catch (err) {
    if (!create || (err as NodeJS.ErrnoException).code !== 'ENOENT') return;
    fd = openSync(path, 'w');
  }
  try {
    writeSync(fd, text, 0);
  } finally {
    closeSync(fd);
  }
}

/** This process's start time, read once. */
let ownStart: string | undefined;
function ownStartTime(): string | undefined {
  ownStart ??= processStartTime(process.pid);
  return ownStart;
}

export function writePidFile(podDir: string, pid: number): void {
  const record: PidRecord = {
    pid,
    startTime: processStartTime(pid),
    controllerPid: process.pid,
    controllerStartTime: ownStartTime(),
  };
  overwrite(join(podDir, PID_FILE), `${JSON.stringify(record)}\n`.padEnd(PID_FILE_SIZE), true);
}

/** Where a pod's pid file is. */
export function pidFileOf(podDir: string): string {
  return join(podDir, PID_FILE);
}

/**
 * The end of a pid record after the step's own fields, for the native spawner, whose step writes
 * `{"pid":N,"startTime":"T"` followed by this (the same record `writePidFile` writes).
 */
export function pidRecordTail(): string {
  const start = ownStartTime();
  return `,"controllerPid":${process.pid}${start === undefined ? '' : `,"controllerStartTime":${JSON.stringify(start)}`}}`;
}

function deletePidFile(podDir: string): void {
  rmSync(join(podDir, PID_FILE), { force: true });
}

/** Blanks the pid file: a blank one records no step. */
export function removePidFile(podDir: string): void {
  overwrite(join(podDir, PID_FILE), ' '.repeat(PID_FILE_SIZE), false);
}

function readPidFile(podDir: string): PidRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(join(podDir, PID_FILE), 'utf8')) as Partial<PidRecord>;
    if (typeof record.pid !== 'number' || typeof record.controllerPid !== 'number') return undefined;
    return record as PidRecord;
  } catch {
    return undefined;
  }
}

/** Is the step's process group from this record still around (and not a recycled PID)? */
function groupAlive(record: PidRecord): boolean {
  const start = processStartTime(record.pid);
  if (start !== undefined && record.startTime !== undefined && start !== record.startTime) return false;
  // The leader may be gone or a zombie: look for any live member of its group.
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[2] === String(record.pid) && fields[0] !== 'Z') return true;
    } catch {
      // exited meanwhile
    }
  }
  return false;
}

/** A zombie (killed, not yet reaped by its parent) is dead: it runs nothing any more. */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] === 'Z';
  } catch {
    return false;
  }
}

function controllerAlive(record: PidRecord): boolean {
  if (record.controllerPid === process.pid) return true;
  const start = processStartTime(record.controllerPid);
  return start !== undefined && start === record.controllerStartTime && !isZombie(record.controllerPid);
}

/**
 * Kills the process groups of pods under `baseDir` whose controller process is gone. Call it at start-up.
 * Resolves with the names of the pods it killed, once they are dead (SIGTERM, then SIGKILL after `graceMs`).
 */
export async function reapOrphans(baseDir: string, graceMs = 2000): Promise<string[]> {
  if (!existsSync(baseDir)) return [];
  const victims: { podName: string; record: PidRecord; podDir: string }[] = [];
  for (const entry of readdirSync(baseDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const podDir = join(baseDir, entry.name);
    const record = readPidFile(podDir);
    if (!record || controllerAlive(record)) continue;
    if (groupAlive(record)) victims.push({ podName: entry.name, record, podDir });
    else deletePidFile(podDir);
  }
  for (const v of victims) killGroup(v.record.pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (victims.some((v) => groupAlive(v.record)) && Date.now() < deadline) await sleep(20);
  for (const v of victims) {
    if (groupAlive(v.record)) killGroup(v.record.pid, 'SIGKILL');
  }
  while (victims.some((v) => groupAlive(v.record)) && Date.now() < deadline + 1000) await sleep(20);
  for (const v of victims) deletePidFile(v.podDir);
  return victims.map((v) => v.podName);
}
