import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import * as tar from 'tar';
import {
  closedPort,
  type HttpServer,
  makeGitRepo,
  startHttpServer,
  tempDir,
} from '../artifacts/testing/servers.js';
import type { PodPlan } from '../runtime/pod-plan.js';
import { loadInputArtifacts } from './load-inputs.js';
import { saveOutputArtifacts } from './save-outputs.js';
import { executorServices, type PathAccess } from './services.js';

const home = tempDir('argosy-executor-');
const services = executorServices({
  home,
  retry: { attempts: 3, initialDelayMs: 10 },
  secrets: async () => 'key',
});
/** The "pod" sees paths under /pod; on the host they are under <home>/pod. */
const podRoot = join(home, 'pod');
const view: PathAccess = {
  writePath: (p) => join(podRoot, p),
  readPath: (p) => (existsSync(join(podRoot, p)) ? join(podRoot, p) : undefined),
};

let n = 0;
function plan(overrides: Partial<PodPlan>): PodPlan {
  n += 1;
  return {
    podName: `wf-pod-${n}`,
    nodeId: `n${n}`,
    workflow: { namespace: 'default', name: 'wf', uid: 'u' },
    templateName: 't',
    containers: [],
    initContainers: [],
    sidecars: [],
    volumes: [],
    files: [],
    inputArtifacts: [],
    artifactRepository: { location: { local: { key: `wf/wf-pod-${n}` } } },
    outputs: { parameters: [], artifacts: [], captureResult: false },
    labels: {},
    annotations: {},
    ...overrides,
  };
}

function evilTarball(): Buffer {
  const header = new tar.Header({
    path: '../../escaped.txt',
    mode: 0o644,
    size: 1,
    type: 'File',
    mtime: new Date(0),
  });
  const block = Buffer.alloc(512);
  header.encode(block, 0);
  return gzipSync(Buffer.concat([block, Buffer.from('x'), Buffer.alloc(511), Buffer.alloc(1024)]));
}

describe('executor: outputs to the repository and back as inputs', () => {
  let http: HttpServer;
  before(async () => {
    http = await startHttpServer((req, res) => {
      if (req.url === '/evil.tgz') res.writeHead(200).end(evilTarball());
      else res.writeHead(404).end();
    });
  });
  after(() => http.close());

  it('saves a file (tgz) and a directory (none) and places them for the next pod, with mode', async () => {
    mkdirSync(join(podRoot, 'tmp', 'dir', 'sub'), { recursive: true });
    writeFileSync(join(podRoot, 'tmp', 'file.txt'), 'file content');
    writeFileSync(join(podRoot, 'tmp', 'dir', 'sub', 'x'), 'X');
    const producer = plan({
      outputs: {
        parameters: [],
        artifacts: [
          { name: 'file', path: '/tmp/file.txt' },
          { name: 'dir', path: '/tmp/dir', spec: { archive: { none: {} } } },
          { name: 'gone', path: '/tmp/missing', optional: true },
        ],
        captureResult: false,
      },
    });
    const saved = await saveOutputArtifacts(producer, view, services, join(home, 'scratch'));
    assert.deepEqual(saved.errors, []);
    assert.deepEqual(saved.artifacts, [
      { name: 'file', path: '/tmp/file.txt', location: { local: { key: 'wf/wf-pod-1/file.tgz' } } },
      {
        name: 'dir',
        path: '/tmp/dir',
        location: { local: { key: 'wf/wf-pod-1/dir' } },
        archive: { none: {} },
      },
    ]);
    const consumer = plan({
      inputArtifacts: saved.artifacts.map((a) => ({
        name: a.name,
        path: `/in/${a.name}`,
        spec: { ...a.location, ...(a.archive ? { archive: a.archive } : {}), mode: 0o600 },
      })),
    });
    await loadInputArtifacts(consumer, view, services);
    assert.equal(readFileSync(join(podRoot, 'in', 'file'), 'utf8'), 'file content');
    assert.equal(statSync(join(podRoot, 'in', 'file')).mode & 0o777, 0o600);
    assert.equal(readFileSync(join(podRoot, 'in', 'dir', 'sub', 'x'), 'utf8'), 'X');
  });

  it("a missing required output is reported with Argo's message; nothing is reported saved", async () => {
    const p = plan({
      outputs: {
        parameters: [],
        artifacts: [{ name: 'x', path: '/tmp/nothing-here' }],
        captureResult: false,
      },
    });
    const saved = await saveOutputArtifacts(p, view, services, join(home, 'scratch'));
    assert.deepEqual(saved.artifacts, []);
    assert.deepEqual(saved.errors, ['open /tmp/nothing-here: no such file or directory']);
  });

  it('a repository that is down: retried, then a clear failure, and the artifact is not reported saved', async () => {
    const port = await closedPort();
    writeFileSync(join(podRoot, 'tmp', 'out.txt'), 'data');
    const p = plan({
      artifactRepository: {
        location: {
          s3: {
            bucket: 'b',
            endpoint: `127.0.0.1:${port}`,
            insecure: true,
            key: 'wf/p',
            accessKeySecret: { name: 's', key: 'a' },
            secretKeySecret: { name: 's', key: 'b' },
          },
        },
      },
      outputs: { parameters: [], artifacts: [{ name: 'out', path: '/tmp/out.txt' }], captureResult: false },
    });
    const started = Date.now();
    const saved = await saveOutputArtifacts(p, view, services, join(home, 'scratch'));
    assert.deepEqual(saved.artifacts, []);
    assert.equal(saved.errors.length, 1);
    assert.match(
      saved.errors[0] ?? '',
      /failed to save artifact 'out': s3:\/\/b\/wf\/p\/out\.tgz: .*ECONNREFUSED.*gave up after 3 attempts/,
    );
    assert.ok(Date.now() - started >= 30, 'it waited between attempts');
    assert.deepEqual(readdirSync(join(home, 'scratch')), [], 'the temporary archive is removed');
  });

  it('a hostile tarball from an http input is refused and nothing is placed', async () => {
    const p = plan({
      inputArtifacts: [{ name: 'evil', path: '/in/evil', spec: { http: { url: `${http.url}/evil.tgz` } } }],
    });
    await assert.rejects(
      loadInputArtifacts(p, view, services),
      /failed to load artifact 'evil': refusing to extract artifact 'evil': entry '\.\.\/\.\.\/escaped\.txt'/,
    );
    assert.equal(existsSync(join(podRoot, 'in', 'evil')), false);
    assert.equal(existsSync(join(podRoot, 'escaped.txt')), false);
    assert.equal(existsSync(join(home, 'escaped.txt')), false);
    assert.deepEqual(
      readdirSync(join(podRoot, 'in')).filter((f) => f.startsWith('evil')),
      [],
    );
  });

  it('optional inputs missing from their repository are skipped; required ones fail with the key', async () => {
    const optional = plan({
      inputArtifacts: [{ name: 'o', path: '/in/o', spec: { local: { key: 'no/such' }, optional: true } }],
    });
    await loadInputArtifacts(optional, view, services);
    assert.equal(existsSync(join(podRoot, 'in', 'o')), false);
    const required = plan({
      inputArtifacts: [{ name: 'r', path: '/in/r', spec: { s3: { key: 'no/such' } } }],
    });
    await assert.rejects(
      loadInputArtifacts(required, view, services),
      /failed to load artifact 'r': artifact no\/such not found/,
    );
  });

  it('git inputs: a revision and a subPath of the checkout', async () => {
    const repo = makeGitRepo(tempDir('argosy-executor-git-'));
    const p = plan({
      inputArtifacts: [
        {
          name: 'docs',
          path: '/in/docs',
          spec: { git: { repo: repo.url, revision: 'v1' }, subPath: 'docs' },
        },
      ],
    });
    await loadInputArtifacts(p, view, services);
    assert.deepEqual(readdirSync(join(podRoot, 'in', 'docs')), ['guide.md']);
    assert.equal(readFileSync(join(podRoot, 'in', 'docs', 'guide.md'), 'utf8'), 'guide 1\n');
  });
});
