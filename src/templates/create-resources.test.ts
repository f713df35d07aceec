import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { AlreadyExistsError, ValidationError } from '../errors/index.js';
import { MemoryStore } from '../store/index.js';
import { admitFiles, createAll } from './create-resources.js';
import { checkTemplateChains } from './template-checks.js';

const dir = mkdtempSync(join(tmpdir(), 'argosy-create-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const template = (name: string, extra = '') => `apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: ${name}
spec:
  templates:
    - name: a
      container:
        image: alpine
        command: [echo, a]
${extra}`;

/** Silences the problem lines admitFiles prints, returning them. */
async function quietly<T>(f: () => Promise<T>): Promise<{ value?: T; error?: unknown; stderr: string }> {
  const write = process.stderr.write.bind(process.stderr);
  let stderr = '';
  process.stderr.write = ((chunk: string) => {
    stderr += chunk;
    return true;
  }) as typeof process.stderr.write;
  try {
    return { value: await f(), stderr };
  } catch (error) {
    return { error, stderr };
  } finally {
    process.stderr.write = write;
  }
}

describe('admitFiles / createAll', () => {
  it('stores the documents of the kind, in the namespace given', async () => {
    const store = new MemoryStore();
    const resources = await admitFiles([file('ok.yaml', template('one'))], store, {
      kind: 'WorkflowTemplate',
      namespace: 'team',
    });
    const [created] = await createAll(store, resources);
    assert.equal(created?.metadata.namespace, 'team');
    assert.ok(await store.get('WorkflowTemplate', 'team', 'one'));
  });

  it('refuses every document when one has a problem, printing FILE:LINE lines', async () => {
    const store = new MemoryStore();
    const bad = file('bad.yaml', `${template('good')}---\n${template('Bad_Name')}`);
    const r = await quietly(() =>
      admitFiles([bad], store, { kind: 'WorkflowTemplate', namespace: 'default' }),
    );
    assert.ok(r.error instanceof ValidationError);
    assert.match(r.stderr, /bad.yaml:\d+: WorkflowTemplate\/Bad_Name: metadata.name:/);
    assert.equal((await store.list('WorkflowTemplate', {})).items.length, 0);
  });

  it('creates none when one already exists', async () => {
    const store = new MemoryStore();
    await createAll(
      store,
      await admitFiles([file('x.yaml', template('x'))], store, {
        kind: 'WorkflowTemplate',
        namespace: 'default',
      }),
    );
    const both = await admitFiles([file('xy.yaml', `${template('other')}---\n${template('x')}`)], store, {
      kind: 'WorkflowTemplate',
      namespace: 'default',
    });
    await assert.rejects(createAll(store, both), AlreadyExistsError);
    assert.deepEqual(
      (await store.list('WorkflowTemplate', {})).items.map((t) => t.metadata.name),
      ['x'],
    );
  });

  it('runs the kind check: a chain that loops through a stored template is refused', async () => {
    const store = new MemoryStore();
    await store.create({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'WorkflowTemplate',
      metadata: { name: 'stored', namespace: 'default' },
      spec: { workflowTemplateRef: { name: 'new' } },
    });
    const loop = file(
      'loop.yaml',
      'apiVersion: argoproj.io/v1alpha1\nkind: WorkflowTemplate\nmetadata:\n  name: new\nspec:\n  workflowTemplateRef:\n    name: stored\n',
    );
    const r = await quietly(() =>
      admitFiles([loop], store, {
        kind: 'WorkflowTemplate',
        namespace: 'default',
        check: checkTemplateChains,
      }),
    );
    assert.ok(r.error instanceof ValidationError);
    assert.match(
      r.stderr,
      /loop.yaml:6: WorkflowTemplate\/new: spec.workflowTemplateRef: workflowTemplateRef cycle: WorkflowTemplate\/new -> WorkflowTemplate\/stored -> WorkflowTemplate\/new/,
    );
  });

  it('says so when the files hold none of the kind', async () => {
    const store = new MemoryStore();
    await assert.rejects(
      admitFiles([file('t.yaml', template('t'))], store, { kind: 'CronWorkflow', namespace: 'default' }),
      /no CronWorkflow found/,
    );
  });
});
