/**
 * Argo's own examples, run for real on the host runtime: every Workflow that needs no container
 * image feature must end in the phase Argo gives it. Prints the pass count and the reason for every skip.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ARGO_EXAMPLES_DIR, skipUnless } from '../testing/shared-dir.js';
import { EXPECTED_PHASE, NOT_RUN, RESUME } from './conformance/expected-phases.js';
import { collectExamples, type Example, runExamples } from './conformance/run-examples.js';

const TIMEOUT_MS = 90_000;

describe('Argo examples on the host runtime', { skip: skipUnless(ARGO_EXAMPLES_DIR) }, () => {
  it('end in the phase Argo gives them', { timeout: 240_000 }, async () => {
    const examples = await collectExamples(ARGO_EXAMPLES_DIR);
    const skipped: Array<{ id: string; reason: string }> = [];
    const runnable: Example[] = [];
    for (const e of examples) {
      const reason = e.classification.runnable ? NOT_RUN[e.id] : e.classification.reason;
      if (reason === undefined) runnable.push(e);
      else skipped.push({ id: e.id, reason });
    }
    const only = process.env.ARGO_EXAMPLES_ONLY?.split(',');
    const toRun = only ? runnable.filter((e) => only.includes(e.id)) : runnable;
    const started = Date.now();
    const outcomes = await runExamples(toRun, { concurrency: 8, timeoutMs: TIMEOUT_MS, resume: RESUME });
    const failures: string[] = [];
    let passed = 0;
    for (const o of outcomes) {
      const want: string[] = [EXPECTED_PHASE[o.id]?.phase ?? 'Succeeded'].flat();
      if (want.includes(o.phase)) {
        passed++;
        continue;
      }
      failures.push(
        [
          `FAIL ${o.id}: ${o.phase}, want ${want.join(' or ')} (${o.ms} ms) ${o.message}`,
          ...o.nodes.map((n) => `    ${n}`),
        ].join('\n'),
      );
    }
    const lines = [
      `argo examples: ${toRun.length} runnable, ${passed} passed, ${failures.length} failed; ${skipped.length} skipped (${((Date.now() - started) / 1000).toFixed(0)} s)`,
      ...outcomes.map((o) => `  ran ${o.id}: ${o.phase} in ${o.ms} ms`),
      ...skipped.map((s) => `  skip ${s.id}: ${s.reason}`),
      ...failures,
    ];
    console.log(lines.join('\n'));
    assert.deepEqual(failures, []);
  });
});
