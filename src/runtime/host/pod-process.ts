/**
 * One step's process: spawned in its own process group (so a kill reaches grandchildren), its output
 * streamed as it arrives, its end reported once. After the main process exits, whatever it left in its
 * group is killed, as a container's processes die with it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';

export interface ProcessOptions {
  argv: string[];
  env: Record<string, string>;
  cwd: string;
  onStdout(chunk: Buffer): void;
  onStderr(chunk: Buffer): void;
  /** Open fd 3 as a pipe for messages from the namespace setup script. */
  statusPipe: boolean;
}

export interface ProcessEnd {
  /** Set when the process could not be started at all (e.g. ENOENT without isolation). */
  spawnError?: NodeJS.ErrnoException;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** What the setup script wrote to fd 3. */
  status: string;
}

/** How long streams may stay open after the group is killed (a process that escaped with setsid). */
const DRAIN_MS = 2000;

export class PodProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly done: Promise<ProcessEnd>,
  ) {}

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** `start` resolves once the process was spawned (or could not be): the PID is known by then. */
  get started(): Promise<number | undefined> {
    return Promise.resolve(this.child.pid);
  }

  /** Spawns the process; resolves once it runs (or failed to start: then `done` says why). */
  static start(opts: ProcessOptions): Promise<PodProcess> {
    const child = spawn(opts.argv[0]!, opts.argv.slice(1), {
      cwd: opts.cwd,
      env: opts.env,
      detached: true,
      stdio: opts.statusPipe ? ['ignore', 'pipe', 'pipe', 'pipe'] : ['ignore', 'pipe', 'pipe'],
    });
    const stdout = child.stdout!;
    const stderr = child.stderr!;
    const statusStream = opts.statusPipe ? (child.stdio[3] as Readable) : undefined;
    stdout.on('data', opts.onStdout);
    stderr.on('data', opts.onStderr);
    let status = '';
    statusStream?.setEncoding('utf8').on('data', (d: string) => {
      if (status.length < 64 * 1024) status += d;
    });
    const streams = [stdout, stderr, ...(statusStream ? [statusStream] : [])];
    const closed = Promise.all(streams.map((s) => new Promise<void>((r) => s.once('close', () => r()))));

    const done = new Promise<ProcessEnd>((resolve) => {
      child.once('error', (err: NodeJS.ErrnoException) => {
        if (child.pid === undefined) resolve({ spawnError: err, exitCode: null, signal: null, status });
      });
      child.once('exit', (exitCode, signal) => {
        const pid = child.pid;
        if (pid !== undefined) killGroup(pid, 'SIGKILL');
        const timer = setTimeout(() => {
          for (const s of streams) s.destroy();
        }, DRAIN_MS);
        void closed.then(() => {
          clearTimeout(timer);
          resolve({ exitCode, signal, status });
        });
      });
    });
    return new Promise((resolve) => {
      child.once('spawn', () => resolve(new PodProcess(child, done)));
      child.once('error', () => {
        if (child.pid === undefined) resolve(new PodProcess(child, done));
      });
    });
  }

  /** SIGTERM to the whole group, SIGKILL after `graceMs`; resolves when the process has ended. */
  async kill(graceMs: number): Promise<ProcessEnd> {
    const pid = this.child.pid;
    if (pid === undefined) return this.done;
    killGroup(pid, 'SIGTERM');
    const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
    try {
      return await this.done;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Signals a whole process group; a group that is already gone is not an error. */
export function killGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}
