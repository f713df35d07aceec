/**
 * workflowDefaults from the controller configuration reach a Workflow submitted with the embedded
 * CLI: from $ARGOSY_HOME/config.yaml, and from `--config FILE`; the Workflow's own values win.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Workflow } from '../spec/types.js';
import { expectOk, homesForThisFile, runCli } from './testing/run-cli.js';

const home = homesForThisFile();

const CONFIG = `workflowDefaults:
  metadata:
    labels:
      team: platform
      example: "from-defaults"
  spec:
    activeDeadlineSeconds: 300
    ttlStrategy:
      secondsAfterCompletion: 3600
`;

describe('workflowDefaults on argosy submit', () => {
  test('from $ARGOSY_HOME/config.yaml', async () => {
    const h = home();
    writeFileSync(join(h, 'config.yaml'), CONFIG);
    const r = expectOk(
      await runCli(['submit', '--wait', '-o', 'json', 'examples/hello-world.yaml'], {
        home: h,
        timeoutMs: 60_000,
      }),
      'submit',
    );
    const wf = JSON.parse(r.stdout) as Workflow;
    assert.equal(wf.status?.phase, 'Succeeded');
    assert.equal(wf.metadata.labels?.team, 'platform');
    assert.equal(wf.metadata.labels?.example, 'true', "the Workflow's label wins");
    assert.equal(wf.spec.activeDeadlineSeconds, 300);
    assert.deepEqual(wf.spec.ttlStrategy, { secondsAfterCompletion: 3600 });
  });

  test('from --config FILE', async () => {
    const h = home();
    const file = join(h, 'elsewhere.yaml');
    writeFileSync(file, CONFIG);
    const r = expectOk(
      await runCli(['--config', file, 'submit', '-o', 'json', 'examples/hello-world.yaml'], { home: h }),
      'submit',
    );
    const wf = JSON.parse(r.stdout) as Workflow;
    assert.equal(wf.metadata.labels?.team, 'platform');
    assert.equal(wf.spec.activeDeadlineSeconds, 300);
  });
});
