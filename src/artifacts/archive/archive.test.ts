import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
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
import yazl from 'yazl';
import { ArtifactError, UnsafeArchiveError } from '../errors.js';
import { rawTar } from '../testing/raw-tar.js';
import { pack, strategyOf, unpack } from './archive.js';
import { extractTar } from './tar-archive.js';

const root = mkdtempSync(join(tmpdir(), 'argosy-archive-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = (): string => {
  const dir = join(root, `t${++n}`);
  mkdirSync(dir, { recursive: true });
  return dir;
};

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

  it('files many read-buffers long, compressible and not, are whole once unpack resolves', async () => {
    // Larger than the 64 KB pieces files are read and streamed in, at both ends of the ratio.
    const src = join(fresh(), 'big');
    mkdirSync(join(src, 'd'), { recursive: true });
    const files: Record<string, Buffer> = {
      'r0.bin': randomBytes(700 * 1024 + 17),
      'd/t1.txt': Buffer.from('compressible line of text\n'.repeat(40000)),
      'd/r2.bin': randomBytes(300 * 1024),
      empty: Buffer.alloc(0),
    };
    for (const [rel, data] of Object.entries(files)) writeFileSync(join(src, rel), data);
    for (const level of [undefined, 0]) {
      const strategy = strategyOf(level === undefined ? undefined : { tar: { compressionLevel: level } });
      const packed = await pack(src, 'big', strategy, fresh());
      const dest = join(fresh(), 'placed');
      await unpack(packed.path, dest, { label: 'big' });
      for (const [rel, data] of Object.entries(files)) {
        assert.ok(readFileSync(join(dest, rel)).equals(data), `${rel} at level ${level ?? 'default'}`);
      }
    }
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

describe('archives: tarballs that cannot be read whole', () => {
  const body = 'a line that compresses very well\n'.repeat(20000);

  it('a plain (not gzipped) tarball extracts as well', async () => {
    const file = join(fresh(), 'plain.tar');
    writeFileSync(file, rawTar([{ path: 'out/a.txt', body }], false));
    const dir = fresh();
    await extractTar(file, dir, 'plain');
    assert.equal(readFileSync(join(dir, 'out', 'a.txt'), 'utf8'), body);
  });

  it('inflating beyond the ratio limit is refused, not extracted to the end', async () => {
    const file = join(fresh(), 'bomb.tgz');
    writeFileSync(file, rawTar([{ path: 'out/a.txt', body }]));
    await assert.rejects(extractTar(file, fresh(), 'bomb', { maxRatio: 10 }), (err: unknown) => {
      assert.ok(err instanceof ArtifactError);
      assert.match(err.message, /cannot extract bomb as a tar archive: max decompression ratio exceeded/);
      return true;
    });
  });

  it('a truncated gzip stream is an ArtifactError (and does not hang)', async () => {
    const whole = rawTar([{ path: 'out/a.bin', body: randomBytes(200 * 1024).toString('latin1') }]);
    const file = join(fresh(), 'cut.tgz');
    writeFileSync(file, whole.subarray(0, whole.length >> 1));
    await assert.rejects(extractTar(file, fresh(), 'cut'), (err: unknown) => {
      assert.ok(err instanceof ArtifactError);
      assert.match(err.message, /cannot extract cut as a tar archive/);
      return true;
    });
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
