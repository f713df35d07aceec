/**
 * Private mount namespaces for host steps. Each step starts as
 *   unshare --mount --propagation private /bin/sh -c SETUP argosy-setup argv...
 * where SETUP mounts the pod's view (see mount-view.ts), changes directory, checks the command exists
 * and execs argv — so the step's PID is the one we spawned and its exit status is its own.
 * Setup failures and a missing command are written to fd 3, which the step itself never sees.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { Mount } from './mount-view.js';

export type IsolationSetting = 'auto' | 'namespace' | 'none';

export interface Isolation {
  mode: 'namespace' | 'none';
  /** The unshare command and flags, in namespace mode. */
  unshare: string[];
  /** Why isolation is off, when it was wanted but is not available. */
  reason?: string;
}

const cache = new Map<string, Promise<Isolation>>();
let warned = false;

/** Detects once per process and base directory whether steps can get a private mount namespace. */
export function detectIsolation(
  baseDir: string,
  setting: IsolationSetting,
  warn: (message: string) => void,
): Promise<Isolation> {
  if (setting === 'none') return Promise.resolve({ mode: 'none', unshare: [] });
  const key = `${setting}:${baseDir}`;
  let found = cache.get(key);
  if (!found) {
    found = probe(baseDir).then((result) => {
      if (result.mode === 'namespace') return result;
      if (setting === 'namespace') throw new Error(`host runtime: isolation required but ${result.reason}`);
      if (!warned) {
        warned = true;
        warn(
          `argosy host runtime: steps run WITHOUT filesystem isolation (${result.reason}). ` +
            'Absolute paths such as /tmp/x or /argo/staging/script are used as-is on this machine, ' +
            'so parallel steps can overwrite each other’s files.',
        );
      }
      return result;
    });
    cache.set(key, found);
  }
  return found;
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

async function probe(baseDir: string): Promise<Isolation> {
  const unshareBin = findUnshare();
  if (!unshareBin) return { mode: 'none', unshare: [], reason: 'util-linux unshare was not found' };
  const root = process.getuid?.() === 0;
  const unshare = root
    ? [unshareBin, '--mount', '--propagation', 'private']
    : [unshareBin, '--user', '--map-root-user', '--mount', '--propagation', 'private'];
  try {
    if (!existsSync('/argo')) mkdirSync('/argo', { mode: 0o755 });
  } catch (err) {
    return { mode: 'none', unshare: [], reason: `cannot create the /argo mount point: ${String(err)}` };
  }
  const dir = join(baseDir, `.isolation-probe-${process.pid}`);
  try {
    for (const sub of ['lower', 'upper', 'work', 'merged']) mkdirSync(join(dir, sub), { recursive: true });
    const script =
      `mount -t overlay overlay -o ${q(`lowerdir=${dir}/lower,upperdir=${dir}/upper,workdir=${dir}/work`)} ` +
      `${q(`${dir}/merged`)} && mount --bind ${q(`${dir}/upper`)} /tmp && echo ok > /tmp/probe`;
    const { code, stderr } = await run([...unshare, '/bin/sh', '-c', script]);
    if (code !== 0 || !existsSync(join(dir, 'upper', 'probe'))) {
      return {
        mode: 'none',
        unshare: [],
        reason: `the kernel refused a private mount namespace with an overlay (${stderr.trim() || `exit ${code}`})`,
      };
    }
    return { mode: 'namespace', unshare };
  } catch (err) {
    return { mode: 'none', unshare: [], reason: `the isolation probe failed: ${String(err)}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function run(argv: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

/** Single-quotes a string for /bin/sh. */
export function q(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export interface SetupOptions {
  mounts: readonly Mount[];
  /** The pod's own directory on the host (HOME and default working directory). */
  home: string;
  /** Where the fstab listing the mounts is written (read by `mount -a -T` inside the namespace). */
  fstabPath: string;
  /** The container's workingDir as the step sees it, if it has one. */
  workingDir?: string;
}

/**
 * The mounts as an fstab, so one `mount -a` process sets up the whole view (a mount(8) per entry costs
 * ~1.7 ms each). Order matters: overlays, then binds, /tmp last and recursive.
 */
export function setupFstab(mounts: readonly Mount[], home: string): string {
  const lines: string[] = [];
  for (const m of mounts) {
    if (m.kind === 'overlay') {
      for (const p of [m.target, m.upper, m.work]) {
        if (/[,:\\\s]/.test(p))
          throw new Error(`host runtime: overlay path '${p}' must not contain , : \\ or spaces`);
      }
      lines.push(
        `overlay ${fstabEscape(m.target)} overlay lowerdir=${m.target},upperdir=${m.upper},workdir=${m.work} 0 0`,
      );
      continue;
    }
    if (m.target === '/tmp') {
      if (within(home, '/tmp')) {
        // The pod directory is under /tmp: keep it reachable at the same path inside the new /tmp.
        const mirror = posix.join(m.source, posix.relative('/tmp', home));
        lines.push(`${fstabEscape(home)} ${fstabEscape(mirror)} none bind,X-mount.mkdir 0 0`);
      }
      lines.push(`${fstabEscape(m.source)} /tmp none rbind 0 0`);
      continue;
    }
    const mkdir = m.createTarget ? ',X-mount.mkdir' : '';
    lines.push(`${fstabEscape(m.source)} ${fstabEscape(m.target)} none bind${mkdir} 0 0`);
  }
  return `${lines.join('\n')}\n`;
}

function fstabEscape(path: string): string {
  return path.replace(/[\\ \t\n]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`);
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

function within(path: string, dir: string): boolean {
  return path === dir || path.startsWith(`${dir}/`);
}
