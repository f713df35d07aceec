/**
 * The built CLI (dist/cli/main.js, one bundle by scripts/bundle-cli.mjs) finds what the modules
 * compiled one by one found beside them: the step spawner in dist/native, and itself as the entry of
 * the background controller a plain `submit` starts.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { homesForThisFile, REPO_ROOT, readWorkflow, waitFor } from './testing/run-cli.js';

const BUNDLE = join(REPO_ROOT, 'dist', 'cli', 'main.js');
const built = existsSync(join(REPO_ROOT, 'dist', 'cli', 'chunks'));
const spawnerBuilt = existsSync(join(REPO_ROOT, 'dist', 'native', 'argosy-spawner'));
const home = homesForThisFile();

function workflow(h: string, name: string): string {
  const file = join(h, `${name}.yaml`);
  writeFileSync(
    file,
    `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: ${name}
spec:
  entrypoint: main
  templates:
    - name: main
      dag:
        tasks:
          - {name: a, template: t}
          - {name: b, template: t, dependencies: [a]}
    - name: t
      container:
        image: busybox
        command: ["true"]
`,
  );
  return file;
}

function runBundle(h: string, args: string[], env: Record<string, string> = {}) {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ARGOSY_HOME: h, ...env };
  delete childEnv.NODE_TEST_CONTEXT;
  return spawnSync(process.execPath, [BUNDLE, ...args], { env: childEnv, encoding: 'utf8', timeout: 60_000 });
}

test('the bundled CLI runs steps through the native spawner', { skip: !built || !spawnerBuilt }, () => {
  const h = home();
  // `native` refuses to fall back to Node: this fails if the bundle looks for the spawner elsewhere.
  const r = runBundle(h, ['submit', '--wait', '-o', 'name', workflow(h, 'bundled-wait')], {
    ARGOSY_HOST_SPAWNER: 'native',
  });
  assert.equal(r.status, 0, `stdout: ${r.stdout}\nstderr: ${r.stderr}`);
  assert.equal(r.stderr, '');
  assert.equal(r.stdout.trim(), 'bundled-wait');
});

test('a plain submit of the bundled CLI starts a background controller that runs the workflow', {
  skip: !built,
}, async () => {
  const h = home();
  const r = runBundle(h, ['submit', '-o', 'name', workflow(h, 'bundled-bg')]);
  assert.equal(r.status, 0, `stdout: ${r.stdout}\nstderr: ${r.stderr}`);
  const wf = await waitFor(
    'the background controller to finish the workflow',
    async () => {
      const w = await readWorkflow(h, 'bundled-bg');
      return w?.status?.phase === 'Succeeded' || w?.status?.phase === 'Failed' ? w : undefined;
    },
    60_000,
  );
  assert.equal(wf.status?.phase, 'Succeeded');
});
