/**
 * Whether host steps get a private mount namespace. Probed once per process, base directory and
 * launcher by starting one step that mounts an overlay and binds over /tmp, exactly as real steps do;
 * as root the namespace is a plain mount namespace, otherwise also a user namespace mapping the user
 * to root. When the kernel refuses, steps run without isolation and one warning says so.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runToEnd, type StepLauncher } from './step-launcher.js';

export type IsolationSetting = 'auto' | 'namespace' | 'none';

export interface Isolation {
  mode: 'namespace' | 'none';
  /** Also a user namespace (mapping this user to root), because we are not root. */
  userNamespace: boolean;
  /** Why isolation is off, when it was wanted but is not available. */
  reason?: string;
}

const cache = new Map<string, Promise<Isolation>>();
let warned = false;

const NONE: Isolation = { mode: 'none', userNamespace: false };

/** Detects once per process, base directory and launcher whether steps can get a private mount namespace. */
export function detectIsolation(
  baseDir: string,
  setting: IsolationSetting,
  warn: (message: string) => void,
  launcher: StepLauncher,
): Promise<Isolation> {
  if (setting === 'none') return Promise.resolve(NONE);
  const key = `${launcher.kind}:${setting}:${baseDir}`;
  let found = cache.get(key);
  if (!found) {
    found = probe(baseDir, launcher).then((result) => {
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

async function probe(baseDir: string, launcher: StepLauncher): Promise<Isolation> {
  const userNamespace = process.getuid?.() !== 0;
  try {
    if (!existsSync('/argo')) mkdirSync('/argo', { mode: 0o755 });
  } catch (err) {
    return { ...NONE, reason: `cannot create the /argo mount point: ${String(err)}` };
  }
  const dir = join(baseDir, `.isolation-probe-${process.pid}-${launcher.kind}`);
  try {
    for (const sub of ['lower', 'upper', 'work', 'merged']) mkdirSync(join(dir, sub), { recursive: true });
    const end = await runToEnd(launcher, {
      argv: ['/bin/sh', '-c', 'echo ok > /tmp/probe'],
      env: { PATH: process.env.PATH || '/usr/bin:/bin' },
      podDir: dir,
      home: dir,
      isolate: true,
      userNamespace,
      mounts: [
        {
          kind: 'overlay',
          source: '',
          target: join(dir, 'merged'),
          data: `lowerdir=${dir}/lower,upperdir=${dir}/upper,workdir=${dir}/work`,
          mkdir: false,
        },
        { kind: 'bind', source: join(dir, 'upper'), target: '/tmp', data: '', mkdir: false },
      ],
    });
    if (end.spawnError || end.status || end.exitCode !== 0 || !existsSync(join(dir, 'upper', 'probe'))) {
      const why =
        end.spawnError?.message ||
        end.status.trim() ||
        end.stderr.trim() ||
        `exit ${end.exitCode ?? end.signal}`;
      return {
        ...NONE,
        reason: `a private mount namespace with an overlay could not be set up (${why.split('\n').join('; ')})`,
      };
    }
    return { mode: 'namespace', userNamespace };
  } catch (err) {
    return { ...NONE, reason: `the isolation probe failed: ${String(err)}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
