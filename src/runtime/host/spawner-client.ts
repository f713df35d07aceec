/**
 * The Node side of the native step spawner: one small long-lived process (native/argosy-spawner.c)
 * that forks steps for us, because forking it costs microseconds where forking the big Node process
 * costs milliseconds. Requests and events are length-prefixed frames (spawner-protocol.ts).
 *
 * If the spawner dies, every step in flight has its process group killed and ends with an error
 * (none hangs); the next spawn starts a new spawner. Closing our end of its stdin makes it kill its
 * steps and exit, so steps never outlive the runtime that started them.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants as fsConstants } from 'node:fs';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  encodeKill,
  encodeSpawn,
  FrameDecoder,
  type SpawnerEvent,
  type SpawnRequest,
} from './spawner-protocol.js';

/**
 * Where `npm run build` puts the spawner: <package>/dist/native. This file is
 * <package>/{src,dist}/runtime/host, or bundled into <package>/dist/cli[/chunks] (scripts/bundle-cli.mjs).
 */
export const DEFAULT_SPAWNER_PATH = spawnerPathFrom(fileURLToPath(import.meta.url));

export function spawnerPathFrom(modulePath: string): string {
  const bundled = /^(.*)\/dist\/cli\/(?:chunks\/)?[^/]+$/.exec(modulePath);
  const root = bundled ? bundled[1]! : join(dirname(modulePath), '..', '..', '..');
  return join(root, 'dist', 'native', 'argosy-spawner');
}

/** The spawner binary to use (ARGOSY_SPAWNER overrides the default), or undefined if it is not there. */
export function findSpawner(path = process.env.ARGOSY_SPAWNER || DEFAULT_SPAWNER_PATH): string | undefined {
  try {
    accessSync(path, fsConstants.X_OK);
    return path;
  } catch {
    return undefined;
  }
}

export interface StepEnd {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Setup/exec failure reported by the spawner ("notfound NAME" or a message); empty when the step ran. */
  status: string;
}

export interface StepHandlers {
  onStarted(pid: number): void;
  onStdout(chunk: Buffer): void;
  onStderr(chunk: Buffer): void;
  onExit(end: StepEnd): void;
}

interface InFlight extends StepHandlers {
  pid?: number;
  /** The spawner process running it (a restarted spawner runs new steps only). */
  spawner: ChildProcess;
}

const signalNames = new Map<number, NodeJS.Signals>(
  Object.entries(constants.signals).map(([name, n]) => [n, name as NodeJS.Signals]),
);

export class SpawnerClient {
  private child?: ChildProcess;
  private readonly steps = new Map<number, InFlight>();
  private nextId = 1;

  constructor(private readonly binary: string) {}

  /** Asks the spawner to start a step; returns the id that `kill` takes. Handlers are called as events arrive. */
  spawn(request: Omit<SpawnRequest, 'id'>, handlers: StepHandlers): number {
    const id = this.nextId;
    this.nextId = this.nextId >= 0xffffffff ? 1 : this.nextId + 1;
    const child = this.ensureStarted();
    this.steps.set(id, { ...handlers, spawner: child });
    this.refresh();
    child.stdin!.write(encodeSpawn({ ...request, id }));
    return id;
  }

  /** Signals the step's whole process group (a step that already ended is left alone). */
  kill(id: number, signal: NodeJS.Signals): void {
    const stdin = this.steps.get(id)?.spawner.stdin;
    if (stdin?.writable) stdin.write(encodeKill(id, constants.signals[signal]));
  }

  /** The spawner's PID, when it runs (for tests). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Ends the spawner: it kills whatever steps it still runs and exits. */
  close(): void {
    const child = this.child;
    this.child = undefined;
    child?.stdin?.end();
  }

  private ensureStarted(): ChildProcess {
    if (this.child) return this.child;
    // Its own session: a Ctrl-C at the terminal reaches the controller, which then stops its steps
    // as it sees fit; the spawner follows when its stdin closes.
    const child = spawn(this.binary, [], { stdio: ['pipe', 'pipe', 'inherit'], detached: true });
    this.child = child;
    const decoder = new FrameDecoder();
    let gone = false;
    const died = (why: string) => {
      if (gone) return;
      gone = true;
      if (this.child === child) this.child = undefined;
      this.failAll(child, why);
    };
    child.stdin!.on('error', () => {}); // a dead spawner is reported by 'close'
    child.stdout!.on('data', (chunk: Buffer) => {
      if (gone) return;
      let events: SpawnerEvent[];
      try {
        events = decoder.push(chunk);
      } catch (err) {
        child.kill('SIGKILL');
        died(`the step spawner sent a bad frame (${(err as Error).message})`);
        return;
      }
      for (const e of events) this.dispatch(e);
    });
    child.once('error', (err) => died(`the step spawner could not run (${err.message})`));
    // 'close', not 'exit': the events it wrote before dying are delivered first.
    child.once('close', (code, signal) =>
      died(`the step spawner exited unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`})`),
    );
    return child;
  }

  private dispatch(e: SpawnerEvent): void {
    const step = this.steps.get(e.id);
    if (!step) return;
    switch (e.type) {
      case 'started':
        step.pid = e.pid;
        step.onStarted(e.pid);
        return;
      case 'stdout':
        step.onStdout(e.data);
        return;
      case 'stderr':
        step.onStderr(e.data);
        return;
      case 'exit':
        this.steps.delete(e.id);
        this.refresh();
        step.onExit({
          exitCode: e.code,
          signal: e.signal === null ? null : (signalNames.get(e.signal) ?? 'SIGKILL'),
          status: e.status,
        });
    }
  }

  /** A spawner is gone: its steps' groups are killed from here and each ends with an error. */
  private failAll(spawner: ChildProcess, why: string): void {
    const steps = [...this.steps].filter(([, step]) => step.spawner === spawner);
    for (const [id] of steps) this.steps.delete(id);
    this.refresh();
    for (const [, step] of steps) {
      if (step.pid !== undefined) {
        try {
          process.kill(-step.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      step.onExit({ exitCode: null, signal: null, status: `${why}; the step's processes were killed` });
    }
  }

  /** Keeps Node alive while steps run, and only then. */
  private refresh(): void {
    const child = this.child;
    if (!child) return;
    const busy = this.steps.size > 0;
    for (const handle of [child, child.stdin, child.stdout] as const) {
      const h = handle as unknown as { ref?: () => void; unref?: () => void };
      if (busy) h.ref?.();
      else h.unref?.();
    }
  }
}
