/**
 * The fallback launcher, used when the native spawner is not built: Node's child_process starts
 *   unshare --mount --propagation private /bin/sh -c SETUP argosy-setup argv...
 * where SETUP mounts the pod's view with one `mount -a -T fstab`, changes directory, checks the
 * command exists and execs argv — so the step's PID is the one we spawned and its exit status is its
 * own. Setup failures and a missing command are written to fd 3, which the step itself never sees.
 * Without isolation, argv is spawned directly. Each start forks the whole Node process (~2 ms) and
 * runs three programs before the step (~7–9 ms in all).
 */
import { accessSync, constants } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MountOp } from './mount-view.js';
import { PodProcess, type ProcessEnd } from './pod-process.js';
import type { StepLauncher, StepProcess, StepRequest } from './step-launcher.js';

export class ShellLauncher implements StepLauncher {
  readonly kind = 'node';
  readonly writesPidFiles = false;

  async launch(req: StepRequest): Promise<StepProcess> {
    let argv = [...req.argv];
    if (req.isolate) {
      const unshare = findUnshare();
      if (!unshare) return notStarted('setup: util-linux unshare was not found');
      const fstabPath = join(req.podDir, 'fstab');
      await writeFile(fstabPath, fstabOf(req.mounts));
      const flags = req.userNamespace
        ? ['--user', '--map-root-user', '--mount', '--propagation', 'private']
        : ['--mount', '--propagation', 'private'];
      const script = setupScript({
        mounts: req.mounts,
        home: req.home,
        fstabPath,
        ...(req.workingDir ? { workingDir: req.workingDir } : {}),
      });
      argv = [unshare, ...flags, '/bin/sh', '-c', script, 'argosy-setup', ...argv];
    }
    return PodProcess.start({
      argv,
      env: { ...req.env },
      cwd: req.isolate ? req.home : req.workingDir || req.home,
      statusPipe: req.isolate,
      onStdout: req.onStdout,
      onStderr: req.onStderr,
    });
  }

  close(): void {}
}

function notStarted(status: string): StepProcess {
  const done: Promise<ProcessEnd> = Promise.resolve({ exitCode: null, signal: null, status });
  return { pid: undefined, started: Promise.resolve(undefined), done, kill: () => done };
}

function findUnshare(): string | undefined {
  for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(':').concat(['/usr/bin', '/bin'])) {
    const candidate = join(dir, 'unshare');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // try the next
    }
  }
  return undefined;
}

/** Single-quotes a string for /bin/sh. */
export function q(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The mount operations as an fstab, so one `mount -a` process sets up the whole view. */
export function fstabOf(ops: readonly MountOp[]): string {
  const lines = ops.map((m) => {
    if (m.kind === 'overlay') return `overlay ${fstabEscape(m.target)} overlay ${m.data} 0 0`;
    const options = m.kind === 'rbind' ? 'rbind' : `bind${m.mkdir ? ',X-mount.mkdir' : ''}`;
    return `${fstabEscape(m.source)} ${fstabEscape(m.target)} none ${options} 0 0`;
  });
  return `${lines.join('\n')}\n`;
}

function fstabEscape(path: string): string {
  return path.replace(/[\\ \t\n]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`);
}

export interface SetupOptions {
  mounts: readonly unknown[];
  /** The pod's own directory on the host (HOME and default working directory). */
  home: string;
  /** Where the fstab listing the mounts is written (read by `mount -a -T` inside the namespace). */
  fstabPath: string;
  /** The container's workingDir as the step sees it, if it has one. */
  workingDir?: string;
}

/** The shell text run inside the new namespace before exec'ing the step's argv ($@). */
export function setupScript(opts: SetupOptions): string {
  const lines = [
    `__argosy_fail() { printf '%s\\n' "$1" >&3; exit 1; }`,
    `cd ${q(opts.home)} || __argosy_fail 'setup: cannot enter the pod directory'`,
  ];
  if (opts.mounts.length > 0) {
    lines.push(
      `mount -a -T ${q(opts.fstabPath)} 2>&3 || __argosy_fail 'setup: cannot mount the pod filesystem view'`,
    );
  }
  if (opts.workingDir) {
    const wd = q(opts.workingDir);
    lines.push(
      `{ [ -d ${wd} ] || mkdir -p ${wd}; } && cd ${wd} || __argosy_fail ${q(`setup: cannot enter workingDir ${opts.workingDir}`)}`,
    );
  }
  lines.push(
    `__argosy_nf() { printf 'notfound %s\\n' "$1" >&3; exit 1; }`,
    `case "$1" in */*) [ -e "$1" ] || __argosy_nf "$1" ;; *) command -v "$1" >/dev/null 2>&1 || __argosy_nf "$1" ;; esac`,
    'exec "$@" 3>&-',
  );
  return lines.join('\n');
}
