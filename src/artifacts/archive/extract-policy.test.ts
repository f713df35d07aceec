import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as tar from 'tar';
import { UnsafeArchiveError } from '../errors.js';
import { type RawEntry, rawTar } from '../testing/raw-tar.js';
import { scratchDirs } from '../testing/scratch-dirs.js';
import { pack, strategyOf, unpack } from './archive.js';
import { type ExtractPolicy, judgeEntry } from './safe-paths.js';
import { extractTar } from './tar-archive.js';

const fresh = scratchDirs('argosy-policy-');

/** Extracts the entries into a fresh empty directory under the policy; resolves with that directory. */
async function extract(entries: RawEntry[], policy: ExtractPolicy) {
  const file = join(fresh(), 'a.tar');
  writeFileSync(file, rawTar(entries, false));
  const dir = join(fresh(), 'tree');
  mkdirSync(dir);
  const { skipped } = await extractTar(file, dir, 'out', { policy });
  return { dir, skipped };
}

async function refused(entries: RawEntry[], policy: ExtractPolicy): Promise<UnsafeArchiveError> {
  const err = await extract(entries, policy).then(
    () => assert.fail('the archive was extracted'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof UnsafeArchiveError, `expected UnsafeArchiveError, got ${String(err)}`);
  return err;
}

/** A container's /etc, as the archive endpoint hands it over. */
const ETC: RawEntry[] = [
  { path: 'etc/', type: 'Directory' },
  { path: 'etc/passwd', body: 'root:x:0:0::/root:/bin/sh\n' },
  { path: 'etc/mtab', type: 'SymbolicLink', linkpath: '/proc/mounts' },
  { path: 'etc/up', type: 'SymbolicLink', linkpath: '../../usr/lib/os-release' },
  { path: 'etc/pw', type: 'SymbolicLink', linkpath: 'passwd' },
];

describe('extraction policy: a step’s own output', () => {
  it('keeps symbolic links verbatim, absolute or climbing out, and never follows them', async () => {
    const { dir, skipped } = await extract(ETC, 'own-output');
    assert.equal(readlinkSync(join(dir, 'etc', 'mtab')), '/proc/mounts');
    assert.equal(readlinkSync(join(dir, 'etc', 'up')), '../../usr/lib/os-release');
    assert.equal(readlinkSync(join(dir, 'etc', 'pw')), 'passwd');
    assert.equal(readFileSync(join(dir, 'etc', 'pw'), 'utf8'), 'root:x:0:0::/root:/bin/sh\n');
    assert.deepEqual(skipped, []);
  });

  it('refuses an entry written through a link, even one extracted earlier', async () => {
    const err = await refused(
      [
        { path: 'out/', type: 'Directory' },
        { path: 'out/cron', type: 'SymbolicLink', linkpath: '/etc/cron.d' },
        { path: 'out/cron/evil', body: 'x' },
      ],
      'own-output',
    );
    assert.match(
      err.message,
      /entry 'out\/cron\/evil' would be written through the symbolic link 'out\/cron'/,
    );
  });

  it('refuses a hard link made through a link, or pointing outside', async () => {
    await refused(
      [
        { path: 'out/l', type: 'SymbolicLink', linkpath: '/etc' },
        { path: 'out/h', type: 'Link', linkpath: 'out/l/passwd' },
      ],
      'own-output',
    );
    const err = await refused([{ path: 'out/h', type: 'Link', linkpath: '/etc/passwd' }], 'own-output');
    assert.match(err.message, /absolute path/);
  });

  it('still refuses entries outside the destination', async () => {
    await refused([{ path: '../evil', body: 'x' }], 'own-output');
    await refused([{ path: '/tmp/argosy-evil', body: 'x' }], 'own-output');
    assert.equal(existsSync('/tmp/argosy-evil'), false);
  });

  it('skips device files and FIFOs, keeping the rest', async () => {
    const { dir, skipped } = await extract(
      [
        { path: 'dev/', type: 'Directory' },
        { path: 'dev/null', type: 'CharacterDevice' },
        { path: 'dev/sda', type: 'BlockDevice' },
        { path: 'dev/pipe', type: 'FIFO' },
        { path: 'dev/ok.txt', body: 'ok' },
      ],
      'own-output',
    );
    assert.equal(readFileSync(join(dir, 'dev', 'ok.txt'), 'utf8'), 'ok');
    assert.equal(existsSync(join(dir, 'dev', 'null')), false);
    assert.equal(existsSync(join(dir, 'dev', 'pipe')), false);
    assert.deepEqual(skipped, [
      'dev/null: is a device file',
      'dev/sda: is a device file',
      'dev/pipe: is a FIFO',
    ]);
  });

  it('a later entry replaces a link at the same path (and is then not written through it)', async () => {
    const { dir } = await extract(
      [
        { path: 'out/x', type: 'SymbolicLink', linkpath: '/etc' },
        { path: 'out/x/', type: 'Directory' },
        { path: 'out/x/f', body: 'F' },
      ],
      'own-output',
    );
    assert.ok(lstatSync(join(dir, 'out', 'x')).isDirectory());
    assert.equal(readFileSync(join(dir, 'out', 'x', 'f'), 'utf8'), 'F');
  });
});

describe('packing a step’s output with links and special files', () => {
  it('tar keeps links as links and leaves FIFOs out; as an input, the tarball is refused for its absolute link', async () => {
    const src = join(fresh(), 'out');
    mkdirSync(src);
    writeFileSync(join(src, 'a'), 'A');
    symlinkSync('/proc/mounts', join(src, 'mtab'));
    execFileSync('mkfifo', [join(src, 'pipe')]);
    const packed = await pack(src, 'out', strategyOf(undefined), fresh());
    const names: string[] = [];
    await tar.t({
      file: packed.path,
      onReadEntry: (e) => names.push(`${e.path} ${e.type} ${e.linkpath ?? ''}`),
    });
    assert.deepEqual(names.sort(), ['out/ Directory ', 'out/a File ', 'out/mtab SymbolicLink /proc/mounts']);
    const dest = join(fresh(), 'in');
    await assert.rejects(
      unpack(packed.path, dest, { label: "artifact 'out'" }),
      /refusing to extract artifact 'out': entry 'out\/mtab' links to the absolute path '\/proc\/mounts'/,
    );
    assert.equal(existsSync(dest), false);
  });
});

describe('extraction policy: archives from a repository', () => {
  it('refuses the same /etc with the clear error', async () => {
    const err = await refused(ETC, 'repository');
    assert.match(
      err.message,
      /refusing to extract out: entry 'etc\/mtab' links to the absolute path '\/proc\/mounts'/,
    );
  });

  it('refuses an entry written through a link that stays inside, naming the link', async () => {
    const err = await refused(
      [
        { path: 'out/sub/', type: 'Directory' },
        { path: 'out/l', type: 'SymbolicLink', linkpath: 'sub' },
        { path: 'out/l/f', body: 'x' },
      ],
      'repository',
    );
    assert.match(err.message, /through the symbolic link 'out\/l'/);
  });

  it('judges each entry type as the issue says', () => {
    const judge = (entry: Parameters<typeof judgeEntry>[0], policy: ExtractPolicy) =>
      judgeEntry(entry, 'a', policy);
    assert.throws(() => judge({ path: 'd', type: 'device' }, 'repository'), /device file/);
    assert.deepEqual(judge({ path: 'd', type: 'device' }, 'own-output'), {
      path: 'd',
      skip: 'is a device file',
    });
    assert.throws(() => judge({ path: 'l', type: 'symlink', linkpath: '/x' }, 'repository'), /absolute/);
    assert.deepEqual(judge({ path: 'l', type: 'symlink', linkpath: '/x' }, 'own-output'), { path: 'l' });
    assert.throws(
      () => judge({ path: 'l', type: 'symlink', linkpath: '' }, 'own-output'),
      /without a target/,
    );
    assert.throws(() => judge({ path: 'h', type: 'hardlink', linkpath: '../x' }, 'own-output'), /outside/);
    assert.deepEqual(judge({ path: 'dir/', type: 'directory' }, 'repository'), { path: 'dir' });
  });
});
