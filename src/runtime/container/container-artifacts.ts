/**
 * Input and output artifacts of a container pod, through the executor library as on the host:
 * inputs are loaded into a host staging tree and copied into the created (not yet started) main
 * containers; outputs are copied out of the ended main container, extracted safely (the artifact
 * layer's `own-output` policy: nothing written outside or through a link, symbolic links kept
 * verbatim whatever their target, device files and FIFOs skipped) and saved.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { chmod, lstat, mkdir, readdir, rm } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type Docker from 'dockerode';
import { extractTar } from '../../artifacts/archive/tar-archive.js';
import {
  type ExecutorServices,
  loadInputArtifacts,
  type PathAccess,
  type SavedOutputs,
  type SavingPlan,
  saveOutputArtifacts,
} from '../../executor/index.js';
import type { PodPlan } from '../pod-plan.js';
import { packTree } from './tar-bytes.js';

const statusOf = (err: unknown): number | undefined => (err as { statusCode?: number }).statusCode;

/** A pod path as a relative path inside a staging tree (`/tmp/in` → `tmp/in`). */
function relative(path: string): string {
  return posix.normalize(path).replace(/^\/+/, '').replace(/\/+$/, '');
}

/** The inputs of a pod, loaded on the host and ready to be copied into its containers. */
export class StagedInputs {
  private constructor(
    /** The staging tree: `<root>/<path inside the pod>`. */
    readonly root: string,
    private readonly paths: string[],
  ) {}

  /**
   * Loads every input artifact of the plan under a fresh directory in `parent`. Resolves with
   * undefined when the plan has none; throws the executor's ArtifactError (message for the node).
   */
  static async load(
    plan: PodPlan,
    services: ExecutorServices,
    parent: string,
  ): Promise<StagedInputs | undefined> {
    if (plan.inputArtifacts.length === 0) return undefined;
    const root = join(parent, `inputs-${randomBytes(6).toString('hex')}`);
    await mkdir(root, { recursive: true, mode: 0o700 });
    const access: PathAccess = {
      writePath: (path) => join(root, ...relative(path).split('/')),
      readPath: () => undefined,
    };
    try {
      await loadInputArtifacts(plan, access, services);
    } catch (err) {
      await rm(root, { recursive: true, force: true });
      throw err;
    }
    const paths: string[] = [];
    for (const a of plan.inputArtifacts) {
      const rel = relative(a.path);
      // An optional artifact that was not found leaves nothing to copy.
      if (await lstat(join(root, rel)).catch(() => undefined)) paths.push(rel);
    }
    return new StagedInputs(root, paths);
  }

  /**
   * The tar stream to PUT at `/` of a container: each artifact's parent directories (0777, like the
   * placed files' parents, so a step running as another user can write beside them), then every
   * entry of the artifact with its own mode (the artifact's `mode` when it has one).
   */
  async archive(): Promise<Readable | undefined> {
    if (this.paths.length === 0) return undefined;
    const entries: string[] = [];
    const seen = new Set<string>();
    for (const rel of this.paths) {
      const segments = rel.split('/');
      for (let i = 1; i < segments.length; i++) {
        const dir = segments.slice(0, i).join('/');
        if (seen.has(dir)) continue;
        seen.add(dir);
        await chmod(join(this.root, dir), 0o777);
        entries.push(dir);
      }
      await walk(this.root, rel, entries);
    }
    return packTree(this.root, entries);
  }
}

/** Lists `rel` and, for a directory, everything under it (parents before children). */
async function walk(root: string, rel: string, out: string[]): Promise<void> {
  out.push(rel);
  const stat = await lstat(join(root, rel));
  if (!stat.isDirectory()) return;
  for (const name of (await readdir(join(root, rel))).sort()) await walk(root, `${rel}/${name}`, out);
}

/**
 * Copies each output artifact's path out of the ended container into a fresh directory under
 * `parent`, extracts it safely, and saves it through the executor. The directory is removed after.
 */
export async function saveContainerArtifacts(
  plan: SavingPlan,
  container: Docker.Container,
  services: ExecutorServices,
  parent: string,
): Promise<SavedOutputs> {
  if (plan.outputs.artifacts.length === 0) return { artifacts: [], errors: [] };
  const work = join(parent, `outputs-${randomBytes(6).toString('hex')}`);
  await mkdir(work, { recursive: true, mode: 0o700 });
  try {
    const copied = new Map<string, string>();
    const errors: string[] = [];
    const failed = new Set<string>();
    for (const [i, art] of plan.outputs.artifacts.entries()) {
      if (copied.has(art.path)) continue;
      try {
        const hostPath = await copyOut(container, art.path, join(work, String(i)));
        if (hostPath !== undefined) copied.set(art.path, hostPath);
      } catch (err) {
        failed.add(art.name);
        errors.push(
          `failed to save artifact '${art.name}': ${err instanceof Error ? err.message : String(err)}`,
        );
      }
    }
    const access: PathAccess = {
      writePath: (path) => {
        throw new Error(`output artifacts are read only (${path})`);
      },
      readPath: (path) => copied.get(path),
    };
    const artifacts = plan.outputs.artifacts.filter((a) => !failed.has(a.name));
    const saved = await saveOutputArtifacts(
      { ...plan, outputs: { ...plan.outputs, artifacts } },
      access,
      services,
      join(work, 'tmp'),
    );
    return { artifacts: saved.artifacts, errors: [...errors, ...saved.errors] };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Copies `path` out of the container, extracted under `dir`; resolves with its host path, or undefined when missing. */
async function copyOut(container: Docker.Container, path: string, dir: string): Promise<string | undefined> {
  let stream: NodeJS.ReadableStream;
  try {
    stream = await container.getArchive({ path });
  } catch (err) {
    if (statusOf(err) === 404) return undefined;
    throw err;
  }
  await mkdir(dir, { recursive: true });
  const file = join(dir, 'archive.tar');
  await pipeline(stream, createWriteStream(file));
  const tree = join(dir, 'tree');
  await mkdir(tree);
  // The step's own output: its links are kept as they are (safe-paths.ts, `own-output`).
  await extractTar(file, tree, path, { policy: 'own-output' });
  await rm(file, { force: true });
  const base = posix.basename(posix.normalize(path));
  const hostPath = join(tree, base);
  return (await lstat(hostPath).catch(() => undefined)) ? hostPath : undefined;
}
