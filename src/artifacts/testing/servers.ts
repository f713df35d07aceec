/**
 * Real servers on loopback for the artifact tests: an S3-compatible server (s3rver, in process), a
 * plain HTTP server, and git repositories made with the git binary. Each test starts its own.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error s3rver ships no types
import S3rver from 's3rver';
import { SqliteStore } from '../../store/index.js';

export const S3_ACCESS_KEY = 'S3RVER';
export const S3_SECRET_KEY = 'S3RVER';

export interface S3Server {
  /** `127.0.0.1:PORT`, as Argo writes an endpoint (with `insecure: true`). */
  endpoint: string;
  bucket: string;
  close(): Promise<void>;
}

/**
 * Points an Argosy home at the S3 server: `config.yaml` names it as the artifact repository (with
 * `keyFormat` when given) and a Secret `s3-creds` in `default` holds its credentials.
 */
export async function useS3Repository(home: string, s3: S3Server, keyFormat?: string): Promise<void> {
  writeFileSync(
    join(home, 'config.yaml'),
    `artifactRepository:
  s3:
    bucket: ${s3.bucket}
    endpoint: ${s3.endpoint}
    insecure: true
${keyFormat ? `    keyFormat: "${keyFormat}"\n` : ''}    accessKeySecret: {name: s3-creds, key: accesskey}
    secretKeySecret: {name: s3-creds, key: secretkey}
`,
  );
  const store = await SqliteStore.open({ path: join(home, 'argosy.db') });
  try {
    await store.create({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's3-creds', namespace: 'default' },
      data: {
        accesskey: Buffer.from(S3_ACCESS_KEY).toString('base64'),
        secretkey: Buffer.from(S3_SECRET_KEY).toString('base64'),
      },
    } as never);
  } finally {
    await store.close();
  }
}

export async function startS3Server(bucket = 'argosy-test'): Promise<S3Server> {
  const directory = mkdtempSync(join(tmpdir(), 'argosy-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const address = (await server.run()) as AddressInfo;
  return {
    endpoint: `127.0.0.1:${address.port}`,
    bucket,
    close: async () => {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

export interface HttpServer {
  url: string;
  requests: { method: string; url: string; headers: IncomingMessage['headers'] }[];
  close(): Promise<void>;
}

export async function startHttpServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<HttpServer> {
  const requests: HttpServer['requests'] = [];
  const server: Server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface GitRepo {
  /** file:// URL of the repository. */
  url: string;
  /** Commit ids, oldest first. */
  commits: string[];
  dir: string;
}

/** A repository with two commits on `main` (v1 tagged), a `feature` branch, and a sub-directory. */
export function makeGitRepo(parent: string): GitRepo {
  const dir = join(parent, 'repo');
  mkdirSync(join(dir, 'docs'), { recursive: true });
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: dir,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 't',
        GIT_AUTHOR_EMAIL: 't@example.com',
        GIT_COMMITTER_NAME: 't',
        GIT_COMMITTER_EMAIL: 't@example.com',
      },
    })
      .toString()
      .trim();
  git('init', '--quiet', '-b', 'main');
  writeFileSync(join(dir, 'README'), 'version 1\n');
  writeFileSync(join(dir, 'docs', 'guide.md'), 'guide 1\n');
  git('add', '.');
  git('commit', '--quiet', '-m', 'one');
  git('tag', 'v1');
  const first = git('rev-parse', 'HEAD');
  writeFileSync(join(dir, 'README'), 'version 2\n');
  git('commit', '--quiet', '-am', 'two');
  const second = git('rev-parse', 'HEAD');
  git('checkout', '--quiet', '-b', 'feature');
  writeFileSync(join(dir, 'FEATURE'), 'feature\n');
  git('add', '.');
  git('commit', '--quiet', '-m', 'feature');
  git('checkout', '--quiet', 'main');
  return { url: `file://${dir}`, commits: [first, second], dir };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
