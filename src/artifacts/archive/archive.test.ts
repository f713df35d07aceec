import assert from 'node:assert/strict';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import * as tar from 'tar';
import yazl from 'yazl';
import { UnsafeArchiveError } from '../errors.js';
import { pack, strategyOf, unpack } from './archive.js';

const root = mkdtempSync(join(tmpdir(), 'argosy-archive-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = (): string => {
  const dir = join(root, `t${++n}`);
  mkdirSync(dir, { recursive: true });
  return dir;
};

/** A tarball made by hand, so it can hold what no well-behaved tool writes. */
function rawTar(
  entries: { path: string; type?: string; linkpath?: string; body?: string }[],
  gzip = true,
): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const body = Buffer.from(e.body ?? '');
    const header = new tar.Header({
      path: e.path,
      mode: 0o644,
      size: e.type && e.type !== 'File' ? 0 : body.length,
      type: (e.type ?? 'File') as 'File',
      linkpath: e.linkpath ?? '',
      mtime: new Date(0),
      uid: 0,
      gid: 0,
    });
    const block = Buffer.alloc(512);
    header.encode(block, 0);
    blocks.push(block);
    if (body.length > 0 && (!e.type || e.type === 'File')) {
      blocks.push(Buffer.concat([body, Buffer.alloc((512 - (body.length % 512)) % 512)]));
    }
  }
  blocks.push(Buffer.alloc(1024));
  const data = Buffer.concat(blocks);
  return gzip ? gzipSync(data) : data;
}

function zipWith(build: (zip: yazl.ZipFile) => void): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  build(zip);
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve) => {
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

/** Rewrites an entry name in a zip (both headers), to names yazl refuses to write. */
function renameInZip(zip: Buffer, from: string, to: string): Buffer {
  assert.equal(from.length, to.length);
  return Buffer.from(zip.toString('latin1').split(from).join(to), 'latin1');
}

async function refuses(file: string, options: { zip?: boolean } = {}): Promise<UnsafeArchiveError> {
  const dir = fresh();
  const dest = join(dir, 'dest');
  const err = await unpack(file, dest, { ...options, label: 'hostile' }).then(
    () => assert.fail('the archive was extracted'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof UnsafeArchiveError, `expected UnsafeArchiveError, got ${String(err)}`);
  assert.equal(existsSync(dest), false, 'nothing is placed at the destination');
  assert.deepEqual(readdirSync(dir), [], 'no temporary directory is left behind');
  return err;
}

describe('archives: round trips', () => {
  it('tar+gzip of a directory unpacks to the same tree at another path', async () => {
    const src = join(fresh(), 'out');
    mkdirSync(join(src, 'sub'), { recursive: true });
    writeFileSync(join(src, 'a.txt'), 'A');
    writeFileSync(join(src, 'sub', 'b.txt'), 'B');
    symlinkSync('a.txt', join(src, 'link'));
    const packed = await pack(src, 'tree', strategyOf(undefined), fresh());
    assert.equal(packed.fileName, 'tree.tgz');
    const dest = join(fresh(), 'placed');
    await unpack(packed.path, dest, { label: 'tree' });
    assert.equal(readFileSync(join(dest, 'a.txt'), 'utf8'), 'A');
    assert.equal(readFileSync(join(dest, 'sub', 'b.txt'), 'utf8'), 'B');
    assert.equal(readlinkSync(join(dest, 'link')), 'a.txt');
  });

  it('tar of a single file unpacks to a file at the new path; compression level 0 still works', async () => {
    const src = join(fresh(), 'hello.txt');
    writeFileSync(src, 'hello');
    const packed = await pack(src, 'h', strategyOf({ tar: { compressionLevel: 0 } }), fresh());
    const dest = join(fresh(), 'message');
    await unpack(packed.path, dest, { label: 'h' });
    assert.equal(readFileSync(dest, 'utf8'), 'hello');
  });

  it('zip round trip of a directory', async () => {
    const src = join(fresh(), 'z');
    mkdirSync(join(src, 'd'), { recursive: true });
    writeFileSync(join(src, 'd', 'x'), 'X');
    const packed = await pack(src, 'z', strategyOf({ zip: {} }), fresh());
    assert.equal(packed.fileName, 'z.zip');
    const dest = join(fresh(), 'zz');
    await unpack(packed.path, dest, { zip: true, label: 'z' });
    assert.equal(readFileSync(join(dest, 'd', 'x'), 'utf8'), 'X');
  });

  it('none keeps the path as it is, and a plain file is placed unchanged', async () => {
    const src = join(fresh(), 'plain.bin');
    writeFileSync(src, 'not an archive');
    const packed = await pack(src, 'p', strategyOf({ none: {} }), fresh());
    assert.deepEqual(packed, { path: src, fileName: 'plain.bin' });
    const copy = join(fresh(), 'copy');
    writeFileSync(copy, 'not an archive');
    const dest = join(fresh(), 'dest');
    await unpack(copy, dest, { label: 'p' });
    assert.equal(readFileSync(dest, 'utf8'), 'not an archive');
  });
});

describe('archives: hostile tarballs are refused', () => {
  const write = (buf: Buffer): string => {
    const file = join(fresh(), 'evil.tgz');
    writeFileSync(file, buf);
    return file;
  };

  it('refuses ../ (tar-slip)', async () => {
    const err = await refuses(
      write(
        rawTar([
          { path: 'ok.txt', body: 'fine' },
          { path: '../evil.txt', body: 'x' },
        ]),
      ),
    );
    assert.match(err.message, /entry '\.\.\/evil\.txt'/);
    assert.equal(existsSync(join(root, 'evil.txt')), false);
  });

  it('refuses a path climbing out through a directory', async () => {
    await refuses(write(rawTar([{ path: 'a/../../evil.txt', body: 'x' }])));
  });

  it('refuses absolute paths', async () => {
    const err = await refuses(write(rawTar([{ path: '/tmp/argosy-evil.txt', body: 'x' }])));
    assert.match(err.message, /absolute path/);
    assert.equal(existsSync('/tmp/argosy-evil.txt'), false);
  });

  it('refuses symlinks escaping the destination, absolute or relative', async () => {
    await refuses(write(rawTar([{ path: 'out/link', type: 'SymbolicLink', linkpath: '../../etc' }])));
    await refuses(write(rawTar([{ path: 'link', type: 'SymbolicLink', linkpath: '/etc/passwd' }])));
  });

  it('refuses a symlink followed by a file written through it', async () => {
    await refuses(
      write(
        rawTar([
          { path: 'dir', type: 'SymbolicLink', linkpath: '..' },
          { path: 'dir/evil.txt', body: 'x' },
        ]),
      ),
    );
    assert.equal(existsSync(join(root, 'evil.txt')), false);
  });

  it('refuses hard links outside, device files and FIFOs', async () => {
    await refuses(write(rawTar([{ path: 'h', type: 'Link', linkpath: '../outside' }])));
    assert.match(
      (await refuses(write(rawTar([{ path: 'dev', type: 'CharacterDevice' }])))).message,
      /device/,
    );
    await refuses(write(rawTar([{ path: 'blk', type: 'BlockDevice' }])));
    assert.match((await refuses(write(rawTar([{ path: 'pipe', type: 'FIFO' }])))).message, /FIFO/);
  });

  it('accepts links that stay inside', async () => {
    const file = write(
      rawTar([
        { path: 'd/', type: 'Directory' },
        { path: 'd/a.txt', body: 'A' },
        { path: 'd/l', type: 'SymbolicLink', linkpath: 'a.txt' },
      ]),
    );
    const dest = join(fresh(), 'ok');
    await unpack(file, dest, { label: 'ok' });
    assert.equal(readFileSync(join(dest, 'l'), 'utf8'), 'A');
    assert.ok(lstatSync(join(dest, 'l')).isSymbolicLink());
  });
});

describe('archives: hostile zips are refused', () => {
  const write = (buf: Buffer): string => {
    const file = join(fresh(), 'evil.zip');
    writeFileSync(file, buf);
    return file;
  };

  it('refuses zip-slip (../ in a name)', async () => {
    const zip = await zipWith((z) => z.addBuffer(Buffer.from('x'), 'aa/evil.txt'));
    const err = await refuses(write(renameInZip(zip, 'aa/evil.txt', '../evil.txt')), { zip: true });
    assert.match(err.message, /outside the destination|"\.\." path element/);
  });

  it('refuses absolute names', async () => {
    const zip = await zipWith((z) => z.addBuffer(Buffer.from('x'), 'xtmp/evil'));
    await refuses(write(renameInZip(zip, 'xtmp/evil', '/tmp/evil')), { zip: true });
  });

  it('refuses symlinks escaping the destination', async () => {
    const zip = await zipWith((z) => z.addBuffer(Buffer.from('../../etc'), 'top/link', { mode: 0o120777 }));
    await refuses(write(zip), { zip: true });
  });
});
