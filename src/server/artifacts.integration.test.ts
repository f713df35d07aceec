/**
 * Artifact downloads from a real `argosy server`: a step's output artifact, saved to the default
 * local repository, comes back through Argo's /artifact-files and /artifacts paths as the file the
 * step wrote; unknown nodes and artifacts are 404s in the grpc-gateway shape. Deleting a workflow
 * through the API deletes its artifactGC OnWorkflowDeletion artifacts.
 */
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { homesForThisFile } from '../cli/testing/run-cli.js';
import type { NodeStatus } from '../spec/types.js';
import { waitForPhase } from './testing/fixtures.js';
import { request, type ServerProcess, startServer } from './testing/server-process.js';

const NS = 'art';
let server: ServerProcess;
after(async () => {
  await server.stop();
});
const home = homesForThisFile();
let serverHome = '';
before(async () => {
  serverHome = home();
  server = await startServer(serverHome);
});

test('an output artifact downloads through /artifact-files and /artifacts', async () => {
  const workflow = {
    metadata: { name: 'make-file' },
    spec: {
      entrypoint: 'main',
      templates: [
        {
          name: 'main',
          container: { image: 'busybox', command: ['sh', '-c', 'printf "hello artifact\\n" > /tmp/out.txt'] },
          outputs: { artifacts: [{ name: 'greeting', path: '/tmp/out.txt' }] },
        },
      ],
    },
  };
  const created = await request(server.url, 'POST', `/api/v1/workflows/${NS}`, { namespace: NS, workflow });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  const wf = await waitForPhase(server.url, NS, 'make-file');
  assert.equal(wf.status?.phase, 'Succeeded', wf.status?.message);
  const pod = Object.values(wf.status?.nodes as Record<string, NodeStatus>).find((n) => n.type === 'Pod');
  assert.ok(pod);

  const files = await fetch(
    `${server.url}/artifact-files/${NS}/workflows/make-file/${pod.id}/outputs/greeting`,
  );
  assert.equal(files.status, 200);
  assert.equal(await files.text(), 'hello artifact\n');
  assert.match(files.headers.get('content-disposition') ?? '', /filename="out.txt"/);
  const legacy = await fetch(`${server.url}/artifacts/${NS}/make-file/${pod.id}/greeting`);
  assert.equal(await legacy.text(), 'hello artifact\n');

  const noNode = await request(
    server.url,
    'GET',
    `/artifact-files/${NS}/workflows/make-file/nope/outputs/greeting`,
  );
  assert.equal(noNode.status, 404);
  assert.deepEqual(Object.keys(noNode.body as object).sort(), ['code', 'message']);
  const noArtifact = await request(
    server.url,
    'GET',
    `/artifact-files/${NS}/workflows/make-file/${pod.id}/outputs/missing`,
  );
  assert.equal(noArtifact.status, 404);
  const badKind = await request(
    server.url,
    'GET',
    `/artifact-files/${NS}/workflows/make-file/${pod.id}/sideways/greeting`,
  );
  assert.equal(badKind.status, 400);
});

test('an output artifact that is a symbolic link is refused, not followed on the server', async () => {
  const secret = join(serverHome, 'server-only.txt');
  writeFileSync(secret, 'the server host file\n');
  const workflow = {
    metadata: { name: 'make-link' },
    spec: {
      entrypoint: 'main',
      templates: [
        {
          name: 'main',
          container: { image: 'busybox', command: ['sh', '-c', `ln -s ${secret} /tmp/link`] },
          outputs: { artifacts: [{ name: 'link', path: '/tmp/link', archive: { none: {} } }] },
        },
      ],
    },
  };
  const created = await request(server.url, 'POST', `/api/v1/workflows/${NS}`, { namespace: NS, workflow });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  const wf = await waitForPhase(server.url, NS, 'make-link');
  assert.equal(wf.status?.phase, 'Succeeded', wf.status?.message);
  const pod = Object.values(wf.status?.nodes as Record<string, NodeStatus>).find((n) => n.type === 'Pod');
  assert.ok(pod);
  const res = await fetch(`${server.url}/artifact-files/${NS}/workflows/make-link/${pod.id}/outputs/link`);
  const text = await res.text();
  assert.equal(res.status, 400, text);
  assert.doesNotMatch(text, /the server host file/);
  assert.match(text, /symbolic link/);
});

test('DELETE /api/v1/workflows/{ns}/{name} deletes the OnWorkflowDeletion artifacts, not the others', async () => {
  const workflow = {
    metadata: { name: 'gc-on-delete' },
    spec: {
      entrypoint: 'main',
      artifactGC: { strategy: 'OnWorkflowDeletion' },
      templates: [
        {
          name: 'main',
          container: { image: 'busybox', command: ['sh', '-c', 'echo a > /tmp/a.txt; echo b > /tmp/b.txt'] },
          outputs: {
            artifacts: [
              { name: 'scratch', path: '/tmp/a.txt' },
              { name: 'kept', path: '/tmp/b.txt', artifactGC: { strategy: 'Never' } },
            ],
          },
        },
      ],
    },
  };
  const created = await request(server.url, 'POST', `/api/v1/workflows/${NS}`, { namespace: NS, workflow });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  const wf = await waitForPhase(server.url, NS, 'gc-on-delete');
  assert.equal(wf.status?.phase, 'Succeeded', wf.status?.message);
  const pod = Object.values(wf.status?.nodes as Record<string, NodeStatus>).find((n) => n.type === 'Pod');
  const files = Object.fromEntries(
    (pod?.outputs?.artifacts ?? []).map((a) => [
      a.name,
      join(serverHome, 'artifacts', (a as { local?: { key?: string } }).local?.key ?? 'missing'),
    ]),
  );
  assert.ok(existsSync(files.scratch ?? ''), 'saved before the deletion');
  const deleted = await request(server.url, 'DELETE', `/api/v1/workflows/${NS}/gc-on-delete`);
  assert.equal(deleted.status, 200, JSON.stringify(deleted.body));
  assert.equal(existsSync(files.scratch ?? ''), false, 'deleted with the workflow');
  assert.ok(existsSync(files.kept ?? ''), 'strategy Never keeps it');
  const gone = await request(server.url, 'GET', `/api/v1/workflows/${NS}/gc-on-delete`);
  assert.equal(gone.status, 404);
});
