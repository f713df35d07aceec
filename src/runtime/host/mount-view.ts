/**
 * The filesystem a step sees, as mounts backed by its scratch directory. /tmp and /argo are scratch
 * directories bound over the real ones; any other directory the plan places or reads files in is an
 * overlay whose lower layer is the real directory (so /bin keeps its contents) and whose upper layer is
 * in scratch (so writes land there). The host side writes placed files straight into the backing
 * directories before the step starts, and reads outputs from them after it ends.
 */
import { existsSync, lstatSync, realpathSync, statSync } from 'node:fs';
import { posix } from 'node:path';

export type Mount =
  | { kind: 'bind'; target: string; source: string; createTarget: boolean }
  | { kind: 'overlay'; target: string; upper: string; work: string };

/** Maps a path as the step sees it to where the host finds it. */
export interface PathView {
  /** Mounts to set up, in order. Empty without isolation. */
  readonly mounts: readonly Mount[];
  /** Host path to write a file the step must see at `path`. */
  writePath(path: string): string;
  /** Host path holding what the step left at `path`, or undefined if it is absent or was deleted. */
  readPath(path: string): string | undefined;
}

/** Without isolation, paths are what they say: nothing is rewritten. */
export const directView: PathView = {
  mounts: [],
  writePath: (path) => path,
  readPath: (path) => (exists(path) ? path : undefined),
};

interface Alias {
  /** Directory as written in the plan (unresolved). */
  prefix: string;
  /** Where writes under `prefix` go. */
  upper: string;
  /** The real directory underneath, for overlays. */
  lower?: string;
}

/**
 * Builds the view for a pod. `dirs` are directories the step needs to write in (the parents of placed
 * and output files, its working directory). `scratch` is the pod's scratch directory.
 */
export function namespaceView(dirs: string[], scratch: string): PathView {
  const aliases: Alias[] = [];
  const binds: Mount[] = [];
  const overlays: Mount[] = [];
  const fixed = ['/tmp', '/argo'];
  for (const dir of fixed) {
    const source = posix.join(scratch, dir.slice(1));
    binds.push({ kind: 'bind', target: dir, source, createTarget: !fixedDirExists(dir) });
    aliases.push({ prefix: dir, upper: source });
  }
  const pending = [...new Set(dirs.map((d) => posix.normalize(d)))]
    .filter((d) => !fixed.some((f) => within(d, f)))
    .sort((a, b) => a.length - b.length);
  for (const dir of pending) {
    if (aliases.some((a) => within(dir, a.prefix))) continue;
    const ancestor = nearestExistingDir(dir);
    if (ancestor === '/') {
      // Nothing of it exists: bind an empty scratch directory at its top-level name.
      const top = `/${dir.split('/')[1]}`;
      const source = posix.join(scratch, 'mounts', String(binds.length + overlays.length));
      binds.push({ kind: 'bind', target: top, source, createTarget: true });
      aliases.push({ prefix: top, upper: source });
      continue;
    }
    const real = realpathSync(ancestor);
    const covering = overlays.find((m) => within(real, m.target));
    if (covering && covering.kind === 'overlay') {
      const rel = posix.relative(covering.target, real);
      aliases.push({ prefix: ancestor, upper: posix.join(covering.upper, rel), lower: real });
      continue;
    }
    const base = posix.join(scratch, 'mounts', String(binds.length + overlays.length));
    const mount: Mount = {
      kind: 'overlay',
      target: real,
      upper: posix.join(base, 'upper'),
      work: posix.join(base, 'work'),
    };
    overlays.push(mount);
    aliases.push({ prefix: ancestor, upper: mount.upper, lower: real });
  }
  // Overlays first: their layers may live under /tmp, which the /tmp bind (last) hides.
  const tmp = binds.find((m) => m.target === '/tmp')!;
  overlays.sort((a, b) => a.target.length - b.target.length); // parents before children
  const mounts = [...overlays, ...binds.filter((m) => m !== tmp), tmp];
  aliases.sort((a, b) => b.prefix.length - a.prefix.length);

  const aliasOf = (path: string): { alias: Alias; rel: string } => {
    const clean = posix.normalize(path);
    const alias = aliases.find((a) => within(clean, a.prefix));
    if (!alias) throw new Error(`internal: path ${path} is outside the pod's mounts`);
    return { alias, rel: posix.relative(alias.prefix, clean) };
  };
  return {
    mounts,
    writePath(path) {
      const { alias, rel } = aliasOf(path);
      return posix.join(alias.upper, rel);
    },
    readPath(path) {
      const { alias, rel } = aliasOf(path);
      const upper = posix.join(alias.upper, rel);
      const stat = lstatOrUndefined(upper);
      if (stat) return stat.isCharacterDevice() && stat.rdev === 0 ? undefined : upper; // overlay whiteout
      if (alias.lower === undefined) return undefined;
      const lower = posix.join(alias.lower, rel);
      return exists(lower) ? lower : undefined;
    },
  };
}

/** /tmp and /argo once seen stay (the isolation probe creates /argo): not looked for on every step. */
const fixedDirsSeen = new Set<string>();

function fixedDirExists(dir: string): boolean {
  if (fixedDirsSeen.has(dir)) return true;
  if (!existsSync(dir)) return false;
  fixedDirsSeen.add(dir);
  return true;
}

function within(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir === '/' ? '/' : `${dir}/`);
}

function nearestExistingDir(dir: string): string {
  let current = dir;
  while (current !== '/') {
    try {
      if (statSync(current).isDirectory()) return current;
    } catch {
      // keep going up
    }
    current = posix.dirname(current);
  }
  return '/';
}

function lstatOrUndefined(path: string): ReturnType<typeof lstatSync> | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

function exists(path: string): boolean {
  return lstatOrUndefined(path) !== undefined;
}

/** One mount(2) performed inside the step's namespace, in order. */
export interface MountOp {
  kind: 'bind' | 'rbind' | 'overlay';
  /** Bind source (empty for overlays). */
  source: string;
  target: string;
  /** Overlay options (lowerdir=…,upperdir=…,workdir=…); empty for binds. */
  data: string;
  /** Create the target directory (mkdir -p) first. */
  mkdir: boolean;
}

/**
 * The view's mounts as the mount(2) calls that build it, in order: overlays, then binds, /tmp last and
 * recursive. `home` is the pod's own directory on the host: when it lives under /tmp it is bound
 * into the new /tmp at the same path, so the step can still reach it.
 */
export function mountOps(mounts: readonly Mount[], home: string): MountOp[] {
  const ops: MountOp[] = [];
  for (const m of mounts) {
    if (m.kind === 'overlay') {
      for (const p of [m.target, m.upper, m.work]) {
        if (/[,:\\\s]/.test(p))
          throw new Error(`host runtime: overlay path '${p}' must not contain , : \\ or spaces`);
      }
      const data = `lowerdir=${m.target},upperdir=${m.upper},workdir=${m.work}`;
      ops.push({ kind: 'overlay', source: '', target: m.target, data, mkdir: false });
      continue;
    }
    if (m.target === '/tmp') {
      if (within(home, '/tmp')) {
        const mirror = posix.join(m.source, posix.relative('/tmp', home));
        ops.push({ kind: 'bind', source: home, target: mirror, data: '', mkdir: true });
      }
      ops.push({ kind: 'rbind', source: m.source, target: '/tmp', data: '', mkdir: false });
      continue;
    }
    ops.push({ kind: 'bind', source: m.source, target: m.target, data: '', mkdir: m.createTarget });
  }
  return ops;
}

/**
 * Whether the spawner may make this view's namespace once and reuse it for later steps with the same
 * view (native/namespace-cache.c): binds only, since a bind names its source directory for good, and
 * no bind of the pod's HOME (bound at a path that holds the pod's name, so no two pods share it).
 */
export function reusableView(ops: readonly MountOp[], home: string): boolean {
  return ops.every((op) => op.kind !== 'overlay' && op.source !== home);
}
