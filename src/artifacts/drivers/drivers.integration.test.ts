import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DriverContext } from '../driver.js';
import { ArtifactError, ArtifactNotFoundError } from '../errors.js';
import type { ArtifactLocation, SecretRef } from '../location.js';
import { withRetries } from '../retry.js';
import {
  closedPort,
  type HttpServer,
  makeGitRepo,
  S3_ACCESS_KEY,
  S3_SECRET_KEY,
  type S3Server,
  startHttpServer,
  startS3Server,
  tempDir,
} from '../testing/servers.js';
import { GitDriver } from './git-driver.js';
import { HttpDriver } from './http-driver.js';
import { LocalDriver } from './local-driver.js';
import { S3Driver } from './s3-driver.js';

const work = tempDir('argosy-drivers-');
const secretValues: Record<string, string> = {
  'creds/accesskey': S3_ACCESS_KEY,
  'creds/secretkey': S3_SECRET_KEY,
  'wrong/accesskey': 'NOBODY',
  'wrong/secretkey': 'not-the-secret-value',
  'http/user': 'alice',
  'http/password': 'hunter2-secret',
};
const ctx: DriverContext = {
  localRoot: join(work, 'repo'),
  tmpDir: join(work, 'tmp'),
  secrets: async (ref: SecretRef) => {
    const value = secretValues[`${ref.name}/${ref.key}`];
    if (value === undefined) throw new ArtifactError(`secret ${ref.name} has no key ${ref.key}`);
    return value;
  },
};
let counter = 0;
const path = (name: string) => join(work, `${++counter}-${name}`);

describe('local driver', () => {
  const driver = new LocalDriver(ctx);
  it('saves a file and a directory under their keys, loads, lists and deletes them', async () => {
    const file = path('f');
    writeFileSync(file, 'content');
    await driver.save(file, { local: { key: 'wf/pod/f.tgz' } });
    assert.equal(await driver.load({ local: { key: 'wf/pod/f.tgz' } }, path('copy')), 'file');
    const dir = path('d');
    mkdirSync(join(dir, 's'), { recursive: true });
    writeFileSync(join(dir, 's', 'x'), 'X');
    await driver.save(dir, { local: { key: 'wf/pod/d' } });
    assert.deepEqual(await driver.list({ local: { key: 'wf/pod/d' } }), ['s/x']);
    const dest = path('dcopy');
    assert.equal(await driver.load({ local: { key: 'wf/pod/d' } }, dest), 'directory');
    assert.equal(readFileSync(join(dest, 's', 'x'), 'utf8'), 'X');
    await driver.delete({ local: { key: 'wf/pod/d' } });
    await assert.rejects(driver.load({ local: { key: 'wf/pod/d' } }, path('gone')), ArtifactNotFoundError);
    assert.deepEqual(readdirSync(join(ctx.localRoot, 'wf', 'pod')), ['f.tgz'], 'no temporary names left');
  });
  it('copies symbolic links verbatim, whatever their target, and leaves FIFOs out', async () => {
    const dir = path('links');
    mkdirSync(dir);
    writeFileSync(join(dir, 'a'), 'A');
    symlinkSync('/proc/mounts', join(dir, 'mtab'));
    symlinkSync('../../outside', join(dir, 'up'));
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    await driver.save(dir, { local: { key: 'wf/pod/links' } });
    const dest = path('links-down');
    await driver.load({ local: { key: 'wf/pod/links' } }, dest);
    assert.deepEqual(readdirSync(dest).sort(), ['a', 'mtab', 'up']);
    assert.equal(readlinkSync(join(dest, 'mtab')), '/proc/mounts');
    assert.equal(readlinkSync(join(dest, 'up')), '../../outside');
  });
  it('refuses keys outside the repository', async () => {
    await assert.rejects(
      driver.load({ local: { key: '../../etc/passwd' } }, path('x')),
      /outside the repository/,
    );
  });
});

describe('s3 driver against a local S3 server', () => {
  let s3: S3Server;
  const driver = new S3Driver(ctx);
  const at = (key: string, creds = 'creds'): ArtifactLocation => ({
    s3: {
      bucket: s3.bucket,
      endpoint: s3.endpoint,
      insecure: true,
      key,
      accessKeySecret: { name: creds, key: 'accesskey' },
      secretKeySecret: { name: creds, key: 'secretkey' },
    },
  });
  before(async () => {
    s3 = await startS3Server();
  });
  after(() => s3.close());

  it('saves and loads a file', async () => {
    const file = path('up');
    writeFileSync(file, 'to s3 and back');
    await driver.save(file, at('wf/pod/a.tgz'));
    const dest = path('down');
    assert.equal(await driver.load(at('wf/pod/a.tgz'), dest), 'file');
    assert.equal(readFileSync(dest, 'utf8'), 'to s3 and back');
    const chunks: Buffer[] = [];
    for await (const c of await driver.openStream(at('wf/pod/a.tgz'))) chunks.push(c as Buffer);
    assert.equal(Buffer.concat(chunks).toString(), 'to s3 and back');
  });

  it('uploads a large file in parts streamed from their ranges of the file, byte for byte', async () => {
    // Small sizes so the test file is small: 6 parts (an odd part size, a short last part), more than in flight.
    const partSize = 256 * 1024 + 3;
    const multipart = new S3Driver(ctx, { threshold: 1024 * 1024, partSize });
    const file = path('big');
    const content = randomBytes(5 * partSize + 1000);
    writeFileSync(file, content);
    await multipart.save(file, at('wf/pod/big.tgz'));
    const dest = path('big-down');
    assert.equal(await multipart.load(at('wf/pod/big.tgz'), dest), 'file');
    assert.ok(readFileSync(dest).equals(content), 'the parts reassemble to the file');
  });

  it('saves a directory as one object per file and loads it back as a directory', async () => {
    const dir = path('tree');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'a'), 'A');
    writeFileSync(join(dir, 'sub', 'b'), 'B');
    await driver.save(dir, at('wf/pod/tree'));
    assert.deepEqual(await driver.list(at('wf/pod/tree')), ['wf/pod/tree/a', 'wf/pod/tree/sub/b']);
    const dest = path('tree-down');
    assert.equal(await driver.load(at('wf/pod/tree'), dest), 'directory');
    assert.equal(readFileSync(join(dest, 'sub', 'b'), 'utf8'), 'B');
    await driver.delete(at('wf/pod/tree'));
    assert.deepEqual(await driver.list(at('wf/pod/tree')), []);
  });

  it('a directory: a link to a file inside is uploaded as that file, links leaving it are never followed', async () => {
    const dir = path('linked');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'a'), 'A');
    symlinkSync('../a', join(dir, 'sub', 'to-a'));
    symlinkSync('/etc/hostname', join(dir, 'host'));
    symlinkSync('../../x', join(dir, 'up'));
    symlinkSync('sub', join(dir, 'to-sub'));
    symlinkSync('nowhere', join(dir, 'dangling'));
    await driver.save(dir, at('wf/pod/linked'));
    assert.deepEqual(await driver.list(at('wf/pod/linked')), ['wf/pod/linked/a', 'wf/pod/linked/sub/to-a']);
    const dest = path('linked-down');
    await driver.load(at('wf/pod/linked'), dest);
    assert.equal(readFileSync(join(dest, 'sub', 'to-a'), 'utf8'), 'A');
  });

  it('an artifact that is itself a symbolic link is refused, not followed', async () => {
    const link = path('link');
    symlinkSync('/etc/hostname', link);
    await assert.rejects(driver.save(link, at('wf/pod/link')), /is a symbolic link to '\/etc\/hostname'/);
    assert.deepEqual(await driver.list(at('wf/pod/link')), []);
  });

  it('without a key, list gives the whole bucket and delete refuses to empty it', async () => {
    const file = path('bucket-wide');
    writeFileSync(file, 'x');
    await driver.save(file, at('listing/one.txt'));
    const everything = await driver.list(at(''));
    assert.ok(everything.includes('listing/one.txt'), everything.join(','));
    await assert.rejects(driver.delete(at('')), /has no key/);
    assert.ok((await driver.list(at('listing'))).includes('listing/one.txt'), 'nothing deleted');
  });

  it('a missing key is ArtifactNotFoundError, and nothing is left at the destination', async () => {
    const dest = path('missing');
    await assert.rejects(driver.load(at('no/such/key'), dest), ArtifactNotFoundError);
    assert.equal(existsSync(dest), false);
  });

  it('wrong credentials fail clearly, without the secret in the message', async () => {
    const file = path('denied');
    writeFileSync(file, 'x');
    const err = await driver.save(file, at('wf/denied', 'wrong')).then(
      () => assert.fail('saved with a wrong key'),
      (e: unknown) => e as ArtifactError,
    );
    assert.ok(err instanceof ArtifactError);
    assert.match(err.message, /s3:\/\/argosy-test\/wf\/denied/);
    assert.doesNotMatch(err.message, /not-the-secret-value/);
    assert.equal(err.transient, false, 'a refused signature is not retried');
  });

  it('a server that is down is a transient failure, retried, then a clear error', async () => {
    const port = await closedPort();
    const down: ArtifactLocation = { s3: { ...at('k').s3, endpoint: `127.0.0.1:${port}` } };
    let attempts = 0;
    const err = await withRetries(
      () => {
        attempts += 1;
        return driver.load(down, path('never'));
      },
      { attempts: 3, initialDelayMs: 10 },
    ).then(
      () => assert.fail('loaded from nowhere'),
      (e: unknown) => e as Error,
    );
    assert.equal(attempts, 3);
    assert.match(err.message, /gave up after 3 attempts/);
    assert.match(err.message, /ECONNREFUSED/);
  });
});

describe('http driver against a local HTTP server', () => {
  let server: HttpServer;
  let failuresLeft = 0;
  const driver = new HttpDriver(ctx);
  before(async () => {
    server = await startHttpServer((req, res) => {
      if (req.url === '/flaky' && failuresLeft > 0) {
        failuresLeft -= 1;
        res.writeHead(503).end('busy');
        return;
      }
      if (req.url === '/data.txt' || req.url === '/flaky') {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('downloaded over http');
        return;
      }
      res.writeHead(404).end('no');
    });
  });
  after(() => server.close());

  it('downloads with headers and basic auth from secrets', async () => {
    const dest = path('http');
    await driver.load(
      {
        http: {
          url: `${server.url}/data.txt`,
          headers: [{ name: 'X-Token', value: 'abc' }],
          auth: {
            basicAuth: {
              usernameSecret: { name: 'http', key: 'user' },
              passwordSecret: { name: 'http', key: 'password' },
            },
          },
        },
      },
      dest,
    );
    assert.equal(readFileSync(dest, 'utf8'), 'downloaded over http');
    const req = server.requests.at(-1);
    assert.equal(req?.headers['x-token'], 'abc');
    assert.equal(
      req?.headers.authorization,
      `Basic ${Buffer.from('alice:hunter2-secret').toString('base64')}`,
    );
  });

  it('404 is not found; 5xx is retried until it succeeds', async () => {
    await assert.rejects(
      driver.load({ http: { url: `${server.url}/nope` } }, path('x')),
      ArtifactNotFoundError,
    );
    failuresLeft = 2;
    const dest = path('flaky');
    await withRetries(() => driver.load({ http: { url: `${server.url}/flaky` } }, dest), {
      attempts: 3,
      initialDelayMs: 5,
    });
    assert.equal(readFileSync(dest, 'utf8'), 'downloaded over http');
  });

  it('credentials in a URL never reach the message', async () => {
    const port = await closedPort();
    const err = await driver
      .load({ http: { url: `http://bob:pw-secret@127.0.0.1:${port}/x` } }, path('y'))
      .then(
        () => assert.fail('loaded'),
        (e: unknown) => e as ArtifactError,
      );
    assert.doesNotMatch(err.message, /pw-secret/);
    assert.equal(err.transient, true);
  });
});

describe('git driver against a local repository', () => {
  const repo = makeGitRepo(tempDir('argosy-git-'));
  const driver = new GitDriver(ctx);

  it('clones the default branch, a tag, a branch, and a commit with depth 1', async () => {
    const head = path('head');
    assert.equal(await driver.load({ git: { repo: repo.url } }, head), 'directory');
    assert.equal(readFileSync(join(head, 'README'), 'utf8'), 'version 2\n');
    const tag = path('tag');
    await driver.load({ git: { repo: repo.url, revision: 'v1' } }, tag);
    assert.equal(readFileSync(join(tag, 'README'), 'utf8'), 'version 1\n');
    const branch = path('branch');
    await driver.load({ git: { repo: repo.url, revision: 'feature' } }, branch);
    assert.ok(existsSync(join(branch, 'FEATURE')));
    const shallow = path('shallow');
    await driver.load({ git: { repo: repo.url, revision: repo.commits[0] ?? '', depth: 1 } }, shallow);
    assert.equal(readFileSync(join(shallow, 'README'), 'utf8'), 'version 1\n');
  });

  it('an unknown revision or repository is not found, and leaves nothing behind', async () => {
    const dest = path('bad');
    await assert.rejects(
      driver.load({ git: { repo: repo.url, revision: 'no-such-tag' } }, dest),
      ArtifactNotFoundError,
    );
    assert.equal(existsSync(dest), false);
    await assert.rejects(
      driver.load({ git: { repo: `file://${work}/nothing` } }, path('none')),
      ArtifactError,
    );
  });
});
