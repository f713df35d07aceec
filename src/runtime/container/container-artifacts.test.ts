/**
 * The container runtime's artifact staging on the host, without an engine: inputs loaded through the
 * executor and packed for the archive endpoint with their modes; outputs read back from an archive
 * the engine gives, extracted safely (an entry escaping its directory is refused, not written).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, describe, it } from 'node:test';
import type Docker from 'dockerode';
import { executorServices } from '../../executor/index.js';
import { plan } from '../host/test-helpers.js';
import { StagedInputs, saveContainerArtifacts } from './container-artifacts.js';
import { packFiles, packTree, readTar, type TarFile } from './tar-bytes.js';

const dir = mkdtempSync(join(tmpdir(), 'argosy-ct-artifacts-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const services = executorServices({ home: dir, localRoot: join(dir, 'repo') });

/** A container whose archive endpoint answers with the given files (404 for anything else). */
function fakeContainer(files: Record<string, TarFile[]>): Docker.Container {
  return {
    getArchive: async ({ path }: { path: string }) => {
      const entries = files[path];
      if (!entries) throw Object.assign(new Error('no such file'), { statusCode: 404 });
      return Readable.from([packFiles(entries)]);
    },
  } as unknown as Docker.Container;
}

describe('StagedInputs', () => {
  it('loads raw artifacts and packs them with their modes and writable parents', async () => {
    const p = plan({
      inputArtifacts: [
        { name: 'a', path: '/in/deep/a.txt', spec: { raw: { data: 'hello' }, mode: 0o600 } },
        { name: 'b', path: '/tmp/b.txt', spec: { raw: { data: 'bye' } } },
      ],
    });
    const staged = await StagedInputs.load(p, services, join(dir, 'stage'));
    assert.ok(staged);
    const entries = await readTar((await staged.archive()) as unknown as NodeJS.ReadableStream, 1 << 20);
    const byPath = new Map(entries.map((e) => [e.path.replace(/\/$/, ''), e]));
    assert.deepEqual([...byPath.keys()].sort(), ['in', 'in/deep', 'in/deep/a.txt', 'tmp', 'tmp/b.txt']);
    assert.equal(byPath.get('in/deep/a.txt')?.content?.toString(), 'hello');
    assert.equal(byPath.get('tmp/b.txt')?.content?.toString(), 'bye');
    assert.equal(byPath.get('in/deep/a.txt')?.mode, 0o600, 'the artifact mode');
    for (const parent of ['in', 'in/deep', 'tmp']) assert.equal(byPath.get(parent)?.mode, 0o777, parent);
  });

  it('resolves with nothing when the plan has no input artifacts', async () => {
    assert.equal(await StagedInputs.load(plan(), services, join(dir, 'none')), undefined);
  });
});

describe('packTree', () => {
  it('keeps symbolic links and long paths (PAX headers) with their modes', async () => {
    const root = join(dir, 'tree');
    const long = `${'d'.repeat(120)}/${'f'.repeat(120)}`;
    mkdirSync(join(root, 'a', 'd'.repeat(120)), { recursive: true });
    writeFileSync(join(root, 'a', long), 'deep', { mode: 0o751 });
    symlinkSync('d'.repeat(120), join(root, 'a', 'link'));
    const entries = await readTar(
      packTree(root, [
        'a',
        `a/${'d'.repeat(120)}`,
        `a/${long}`,
        'a/link',
      ]) as unknown as NodeJS.ReadableStream,
      1 << 20,
    );
    const file = entries.find((e) => e.path === `a/${long}`);
    assert.equal(file?.content?.toString(), 'deep');
    assert.equal(file?.mode, 0o751);
    assert.equal(entries.find((e) => e.path === 'a/link')?.type, 'SymbolicLink');
  });
});

describe('saveContainerArtifacts', () => {
  it('saves a copied-out file to the local repository and reports it key-only', async () => {
    const p = plan({
      outputs: { parameters: [], captureResult: false, artifacts: [{ name: 'out', path: '/tmp/out.txt' }] },
    });
    const container = fakeContainer({ '/tmp/out.txt': [{ path: 'out.txt', content: 'result' }] });
    const saved = await saveContainerArtifacts(p, container, services, join(dir, 'save'));
    assert.deepEqual(saved.errors, []);
    assert.equal(saved.artifacts[0]?.name, 'out');
    const location = (saved.artifacts[0]?.location ?? {}) as { local?: { key?: string } };
    assert.match(location.local?.key ?? '', /out\.tgz$/);
    assert.deepEqual(readdirSync(join(dir, 'save')), [], 'the copied-out files are removed');
  });

  it('gives Argo’s message for a missing artifact and skips an optional one', async () => {
    const p = plan({
      outputs: {
        parameters: [],
        captureResult: false,
        artifacts: [
          { name: 'gone', path: '/tmp/gone' },
          { name: 'maybe', path: '/tmp/maybe', optional: true },
        ],
      },
    });
    const saved = await saveContainerArtifacts(p, fakeContainer({}), services, join(dir, 'missing'));
    assert.deepEqual(saved, { artifacts: [], errors: ['open /tmp/gone: no such file or directory'] });
  });

  it('refuses an archive whose entries escape the artifact', async () => {
    const p = plan({
      outputs: { parameters: [], captureResult: false, artifacts: [{ name: 'evil', path: '/tmp/evil' }] },
    });
    const container = fakeContainer({ '/tmp/evil': [{ path: '../../escaped.txt', content: 'x' }] });
    const saved = await saveContainerArtifacts(p, container, services, join(dir, 'evil'));
    assert.equal(saved.artifacts.length, 0);
    assert.match(saved.errors[0] ?? '', /failed to save artifact 'evil': refusing to extract/);
    assert.ok(!readdirSync(dir).includes('escaped.txt'));
  });
});
