/**
 * In-memory tar archives for the Engine API's archive endpoints: files placed into a container
 * before it starts (PUT /containers/{id}/archive) and files read back after it ends (GET).
 */
import { createReadStream } from 'node:fs';
import { lstat, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Header, type HeaderData, Parser, Pax } from 'tar';

export interface TarFile {
  /** Path inside the archive, relative (no leading slash). */
  path: string;
  content: Buffer | string;
  mode?: number;
}

const BLOCK = 512;

/** A tar archive holding the files and every parent directory they need (mode 0755, 0777 for leaves' parents). */
export function packFiles(files: TarFile[]): Buffer {
  const parts: Buffer[] = [];
  const dirs = new Set<string>();
  const now = new Date();
  const header = (path: string, type: 'File' | 'Directory', size: number, mode: number): Buffer => {
    const block = Buffer.alloc(BLOCK);
    new Header({ path, type, size, mode, mtime: now, uid: 0, gid: 0 }).encode(block, 0);
    return block;
  };
  for (const file of files) {
    const segments = file.path.split('/').filter((s) => s !== '');
    for (let i = 1; i < segments.length; i++) {
      const dir = `${segments.slice(0, i).join('/')}/`;
      if (dirs.has(dir)) continue;
      dirs.add(dir);
      // Directories created for placed files must stay writable by a step running as another user.
      parts.push(header(dir, 'Directory', 0, 0o777));
    }
    const body = typeof file.content === 'string' ? Buffer.from(file.content) : file.content;
    parts.push(header(segments.join('/'), 'File', body.length, file.mode ?? 0o644));
    parts.push(body);
    const pad = (BLOCK - (body.length % BLOCK)) % BLOCK;
    if (pad > 0) parts.push(Buffer.alloc(pad));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}

export interface TarEntry {
  path: string;
  type: string;
  size: number;
  /** Permission bits of the entry. */
  mode?: number;
  /** File content (regular files only), up to the limit given to readTar. */
  content?: Buffer;
}

/** Reads every entry of a tar stream; file contents beyond maxBytes in total are not kept. */
export function readTar(stream: NodeJS.ReadableStream, maxBytes: number): Promise<TarEntry[]> {
  return new Promise((resolve, reject) => {
    const entries: TarEntry[] = [];
    let kept = 0;
    const parser = new Parser({
      onReadEntry: (entry) => {
        const out: TarEntry = { path: entry.path, type: entry.type, size: entry.size ?? 0 };
        if (entry.mode !== undefined) out.mode = entry.mode & 0o7777;
        entries.push(out);
        if (entry.type !== 'File' || kept + out.size > maxBytes) {
          entry.resume();
          return;
        }
        kept += out.size;
        const chunks: Buffer[] = [];
        entry.on('data', (c: Buffer) => chunks.push(c));
        entry.on('end', () => {
          out.content = Buffer.concat(chunks);
        });
      },
    });
    parser.on('end', () => resolve(entries));
    parser.on('error', reject);
    stream.on('error', reject);
    stream.pipe(parser as unknown as NodeJS.WritableStream);
  });
}

/**
 * A tar stream of host entries (`entries` relative to `root`, parents listed before children) with
 * their exact permission bits, owned by root: what the archive endpoint writes into a container.
 * Regular files, directories and symbolic links; anything else is refused.
 */
export function packTree(root: string, entries: string[]): Readable {
  async function* blocks(): AsyncGenerator<Buffer> {
    const mtime = new Date();
    for (const rel of entries) {
      const full = join(root, rel);
      const stat = await lstat(full);
      const base = { mode: stat.mode & 0o7777, uid: 0, gid: 0, mtime };
      let data: HeaderData;
      if (stat.isDirectory()) data = { ...base, path: `${rel}/`, type: 'Directory', size: 0 };
      else if (stat.isSymbolicLink())
        data = { ...base, path: rel, type: 'SymbolicLink', size: 0, linkpath: await readlink(full) };
      else if (stat.isFile()) data = { ...base, path: rel, type: 'File', size: stat.size };
      else throw new Error(`${rel} is neither a file, a directory nor a symbolic link`);
      const block = Buffer.alloc(BLOCK);
      // Paths or link targets too long for the header go in a PAX extended header before it.
      if (new Header(data).encode(block, 0)) yield new Pax(data).encode();
      yield block;
      if (data.type !== 'File') continue;
      let written = 0;
      for await (const chunk of createReadStream(full, { end: Math.max(0, stat.size - 1) })) {
        if (stat.size === 0) break;
        const buf = chunk as Buffer;
        written += buf.length;
        yield buf;
      }
      if (written !== stat.size) throw new Error(`${rel} changed size while it was archived`);
      const pad = (BLOCK - (written % BLOCK)) % BLOCK;
      if (pad > 0) yield Buffer.alloc(pad);
    }
    yield Buffer.alloc(BLOCK * 2);
  }
  return Readable.from(blocks());
}
