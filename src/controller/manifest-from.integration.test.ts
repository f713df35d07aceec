/**
 * A resource template with manifestFrom, run by the CLI on the host runtime: one step renders a
 * manifest into an output artifact (local repository, archived as tgz), the next applies it.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { expectOk, homesForThisFile, nodesByName, runCli } from '../cli/testing/run-cli.js';
import type { Workflow } from '../spec/types.js';
import { SqliteStore } from '../store/index.js';

const home = homesForThisFile();

test('manifestFrom applies the manifest an earlier step wrote as an artifact', async () => {
  const h = home();
  const r = expectOk(
    await runCli(['submit', '--wait', '-o', 'json', 'testdata/templates/manifest-from-artifact.yaml'], {
      home: h,
      timeoutMs: 90_000,
    }),
    'submit',
  );
  const wf = JSON.parse(r.stdout) as Workflow;
  assert.equal(wf.status?.phase, 'Succeeded');
  const apply = nodesByName(wf).get('apply');
  assert.equal(apply?.outputs?.parameters?.find((p) => p.name === 'color')?.value, 'blue');
  const store = await SqliteStore.open({ path: join(h, 'argosy.db') });
  try {
    const cm = await store.get<{ data?: Record<string, string> } & Workflow>(
      'ConfigMap',
      'default',
      'rendered-settings',
    );
    assert.equal(cm.data?.color, 'blue');
  } finally {
    await store.close();
  }
});
