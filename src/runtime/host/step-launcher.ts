/**
 * How a host step's process is started: the native spawner (native-launcher.ts, fast) or Node's
 * child_process with util-linux unshare and a shell (shell-launcher.ts, the fallback). Both give the
 * step the same private mount view, process group, streamed output and end report.
 */
import type { MountOp } from './mount-view.js';
import type { ProcessEnd } from './pod-process.js';

export interface StepRequest {
  argv: readonly string[];
  env: Readonly<Record<string, string>>;
  /** The pod's scratch directory (<baseDir>/<podName>). */
  podDir: string;
  /** HOME, entered before mounting; the working directory when the container names none. */
  home: string;
  /** The container's workingDir as the step sees it (created when missing). */
  workingDir?: string;
  /** Start in a private mount namespace (and a user namespace when `userNamespace`). */
  isolate: boolean;
  userNamespace: boolean;
  /** The namespace may be made once and reused for later steps with the same view (reusableView). */
  reuseNamespace?: boolean;
  /** Mounts performed inside the namespace, in order. */
  mounts: readonly MountOp[];
  /** The pod's pid file (orphans.ts), for a launcher that `writesPidFiles`. */
  pidFile?: string;
  onStdout(chunk: Buffer): void;
  onStderr(chunk: Buffer): void;
}

export interface StepProcess {
  /** The step's PID, which is also its process group; undefined until it runs, or when it never started. */
  readonly pid: number | undefined;
  /** Resolves with the PID once the process exists, or undefined when it never started. */
  readonly started: Promise<number | undefined>;
  readonly done: Promise<ProcessEnd>;
  /** SIGTERM to the whole group, SIGKILL after `graceMs`; resolves when the step has ended. */
  kill(graceMs: number): Promise<ProcessEnd>;
}

export interface StepLauncher {
  readonly kind: 'native' | 'node';
  /**
   * Whether the launcher writes the request's `pidFile` as the step starts and blanks it when the
   * step has ended (before `done` resolves); else the runtime does both.
   */
  readonly writesPidFiles: boolean;
  /**
   * Resolves once the step is asked for: the native launcher as soon as its request is written
   * (`started` follows), the Node one once the process exists. A step that fails to start ends
   * with `done` saying why.
   */
  launch(request: StepRequest): Promise<StepProcess>;
  /** Releases what the launcher holds (the native spawner process). */
  close(): void;
}

export type SpawnerSetting = 'auto' | 'native' | 'node';

/** Runs a request to its end, collecting stderr (for probes). */
export async function runToEnd(
  launcher: StepLauncher,
  request: Omit<StepRequest, 'onStdout' | 'onStderr'>,
): Promise<ProcessEnd & { stderr: string }> {
  let stderr = '';
  const proc = await launcher.launch({
    ...request,
    onStdout: () => {},
    onStderr: (chunk) => {
      if (stderr.length < 4096) stderr += chunk.toString('utf8');
    },
  });
  return { ...(await proc.done), stderr };
}
