/**
 * tar + gzip archives, as Argo's executor makes them: the entries of a file or directory `/a/b/out`
 * are named `out`, `out/...`. Extraction goes through judgeEntry (safe-paths.ts) and into a fresh
 * directory, which the caller discards when the archive is refused.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, symlink } from 'node:fs/promises';
import { basename, dirname, join, posix } from 'node:path';
import { type Readable, pipeline as streamPipeline, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type * as Tar from 'tar';
import { ArtifactError } from '../errors.js';
import {
  type ArchiveEntry,
  type EntryType,
  type ExtractPolicy,
  isData,
  judgeEntry,
  LinkTracker,
} from './safe-paths.js';

/**
 * Bytes read from a file at a time, both ways. Every read is a fresh buffer that lives until the
 * next garbage collection, which V8 starts only after ~64 MB of such memory; small reads keep that
 * (and the peak RSS of a 1 GB artifact) down without costing throughput.
 */
const READ_SIZE = 64 * 1024;

/** Inflated bytes per compressed byte read beyond which an archive is refused (tar's default). */
const MAX_DECOMPRESSION_RATIO = 1000;

/** node-tar, loaded on first use: every `argosy` command would otherwise spend ~10 ms loading it. */
function loadTar(): Promise<typeof Tar> {
  return import('tar');
}

/**
 * Writes `src` (file or directory) as a gzipped tarball; level 0-9 (gzip's), default 6. One pipeline
 * with backpressure: tar reads files in READ_SIZE pieces, Node's zlib compresses on the thread pool
 * (beside the reads, not in turn with them) and the file stream writes; nothing is held whole.
 * Symbolic links go in as links (never followed); FIFOs, sockets and device files are left out, by
 * name (node-tar skips them too, but in a bare process its promise was seen never to settle).
 */
export async function createTarGz(src: string, file: string, level?: number): Promise<void> {
  const tar = await loadTar();
  const entries = tar.c(
    {
      cwd: dirname(src),
      portable: true,
      follow: false,
      maxReadSize: READ_SIZE,
      // Packing from the filesystem, the filter is always given a Stats.
      filter: (_path, stat) => !('isFile' in stat) || isData(stat),
    },
    [basename(src)],
  );
  await pipeline(entries, createGzip({ level: level ?? 6 }), createWriteStream(file));
}

function entryType(type: string): EntryType {
  switch (type) {
    case 'File':
    case 'OldFile':
    case 'ContiguousFile':
      return 'file';
    case 'Directory':
      return 'directory';
    case 'SymbolicLink':
      return 'symlink';
    case 'Link':
      return 'hardlink';
    case 'CharacterDevice':
    case 'BlockDevice':
      return 'device';
    case 'FIFO':
      return 'fifo';
    default:
      return 'other';
  }
}

const META_TYPES = new Set([
  'ExtendedHeader',
  'GlobalExtendedHeader',
  'NextFileHasLongPath',
  'NextFileHasLongLinkpath',
  'OldGnuLongPath',
]);

export interface ExtractOptions {
  /** Whose archive this is (safe-paths.ts); `repository` unless said otherwise. */
  policy?: ExtractPolicy;
  /** Inflated bytes per compressed byte beyond which a gzipped archive is refused (default 1,000). */
  maxRatio?: number;
}

/** What an extraction left out: entries skipped under the `own-output` policy, with the reason. */
export interface Extracted {
  skipped: string[];
}

/**
 * Extracts a tarball (gzipped or not) into `dir`, an existing empty directory. Refuses the whole
 * archive (UnsafeArchiveError) on the first entry the policy refuses. Under `own-output`, symbolic
 * links are created last, verbatim, so no entry is ever written through one.
 */
export async function extractTar(
  file: string,
  dir: string,
  label = basename(file),
  options: ExtractOptions = {},
): Promise<Extracted> {
  const policy = options.policy ?? 'repository';
  const maxRatio = options.maxRatio ?? MAX_DECOMPRESSION_RATIO;
  // One pass: a refused entry is skipped and remembered; the caller's fresh directory is then discarded.
  let refusal: Error | undefined;
  const skipped: string[] = [];
  const links = new LinkTracker();
  const deferred = new Map<string, string>();
  const filter = (path: string, entry: unknown): boolean => {
    const e = entry as { type?: string; linkpath?: string };
    if (refusal) return false;
    if (e.type !== undefined && META_TYPES.has(e.type)) return true;
    try {
      const checked: ArchiveEntry = { path, type: entryType(e.type ?? 'File') };
      if (e.linkpath) checked.linkpath = e.linkpath;
      const verdict = judgeEntry(checked, label, policy);
      if (verdict.skip) {
        skipped.push(`${path}: ${verdict.skip}`);
        return false;
      }
      links.check(verdict.path, checked, label);
      if (checked.type === 'hardlink') {
        links.check(posix.normalize(checked.linkpath ?? ''), checked, label);
      }
      links.record(verdict.path, checked.type);
      deferred.delete(verdict.path);
      if (checked.type === 'symlink' && policy === 'own-output') {
        deferred.set(verdict.path, checked.linkpath ?? '');
        return false;
      }
      return true;
    } catch (err) {
      refusal = err as Error;
      return false;
    }
  };
  try {
    const head = await readHead(file, 2);
    const gzipped = head.length === 2 && head[0] === 0x1f && head[1] === 0x8b;
    const tar = await loadTar();
    const unpack = new tar.Unpack({ cwd: dir, strict: true, preserveOwner: false, filter });
    await unpackFile(file, unpack, gzipped ? maxRatio : undefined);
  } catch (err) {
    refusal ??= new ArtifactError(`cannot extract ${label} as a tar archive: ${(err as Error).message}`);
  }
  if (refusal) throw refusal;
  for (const [path, target] of deferred) {
    const at = join(dir, ...path.split('/'));
    await mkdir(dirname(at), { recursive: true });
    await rm(at, { recursive: true, force: true });
    await symlink(target, at);
  }
  return { skipped };
}

/**
 * Feeds the file to tar's Unpack through Node streams with backpressure all the way: READ_SIZE reads,
 * Node's gunzip (when `maxRatio` is given; on the thread pool, its output paused while Unpack has not
 * drained), and a guard against decompression bombs. tar gunzipping by itself (synchronously, a whole
 * read at a time) and its own `file` reader (1 MB reads) held ~130 MB of a 1 GB archive live; inflate
 * output is bounded only when the inflater can be paused. Resolves once Unpack has closed, i.e.
 * every file is written.
 */
function unpackFile(file: string, unpack: Tar.Unpack, maxRatio?: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const input = createReadStream(file, { highWaterMark: READ_SIZE });
    const fail = (err: Error) => {
      source.destroy();
      unpack.abort(err);
      reject(err);
    };
    const source: Readable =
      maxRatio === undefined
        ? input.on('error', (err) => fail(err))
        : streamPipeline(input, createGunzip(), ratioGuard(input, maxRatio), (err) => {
            if (err) fail(err);
          });
    unpack.on('error', (err: Error) => fail(err));
    unpack.on('close', () => resolve());
    source.pipe(unpack);
  });
}

/**
 * Refuses an archive that inflates to more than `maxRatio` times the compressed bytes read so far
 * (tar's own guard and default, which applied while tar did the gunzipping).
 */
function ratioGuard(input: { bytesRead: number }, maxRatio: number): Transform {
  let inflated = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      inflated += chunk.length;
      const ratio = inflated / Math.max(input.bytesRead, 1);
      if (ratio > maxRatio) {
        done(new Error(`max decompression ratio exceeded: ${ratio.toFixed(2)} > ${maxRatio}`));
      } else done(null, chunk);
    },
  });
}

/** True when the file is a tar archive, gzipped or plain (a `ustar` header in its first block). */
export async function isTarball(file: string): Promise<boolean> {
  const head = await readHead(file, 512);
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    const inner = await readGunzippedHead(file, 512);
    return hasUstar(inner);
  }
  return hasUstar(head);
}

function hasUstar(block: Buffer): boolean {
  return block.length >= 262 && block.subarray(257, 262).toString('latin1') === 'ustar';
}

async function readHead(file: string, bytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of createReadStream(file, { start: 0, end: bytes - 1 })) {
    chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return Buffer.concat(chunks, size);
}

function readGunzippedHead(file: string, bytes: number): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const input = createReadStream(file);
    const gunzip = createGunzip();
    const done = () => {
      input.destroy();
      gunzip.destroy();
      resolve(Buffer.concat(chunks, size));
    };
    gunzip.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= bytes) done();
    });
    gunzip.on('end', done);
    gunzip.on('error', done);
    input.on('error', done);
    input.pipe(gunzip);
  });
}
