/**
 * Argo's examples about templates, cron and events (files holding a WorkflowTemplate,
 * ClusterWorkflowTemplate, CronWorkflow or WorkflowEventBinding, or a templateRef /
 * workflowTemplateRef): templates stored, Workflows admitted against the store, crons fired on an
 * injected clock, bindings sent an event; every resulting Workflow the host can run ends in Argo's
 * phase. Prints what happened to each and the reason for every skip.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ARGO_EXAMPLES_DIR, skipUnless } from '../testing/shared-dir.js';
import { EXPECTED_PHASE, NOT_RUN } from './conformance/expected-phases.js';
import { collectReuseExamples } from './conformance/reuse-examples.js';
import { type Example, runExamples } from './conformance/run-examples.js';

/** Phases that are not Succeeded, by id prefix (the example file), beyond the general table. */
const EXPECTED: Record<string, Array<'Succeeded' | 'Failed' | 'Error'>> = {
  'workflow-template/retry-with-steps.yaml': ['Succeeded', 'Failed'],
  'cluster-workflow-template/mixed-cluster-namespaced-wftmpl-steps.yaml': ['Succeeded', 'Failed'],
};

function expected(id: string): string[] {
  const file = id.split('#')[0] ?? id;
  return EXPECTED[file] ?? [EXPECTED_PHASE[file]?.phase ?? 'Succeeded'].flat();
}

describe('Argo examples about templates, cron and events', { skip: skipUnless(ARGO_EXAMPLES_DIR) }, () => {
  it('run from stored templates, crons and events to the phase Argo gives them', {
    timeout: 240_000,
  }, async () => {
    const collected = await collectReuseExamples(ARGO_EXAMPLES_DIR);
    const runnable: Example[] = [];
    const skipped: string[] = [];
    for (const e of collected.examples) {
      const file = e.id.split('#')[0] ?? e.id;
      const reason = e.classification.runnable ? NOT_RUN[file] : e.classification.reason;
      if (reason === undefined) runnable.push(e);
      else skipped.push(`  skip ${e.id}: ${reason}`);
    }
    const outcomes = await runExamples(runnable, { concurrency: 6, timeoutMs: 90_000 });
    const failures = [...collected.failures];
    for (const o of outcomes) {
      const want = expected(o.id);
      if (!want.includes(o.phase)) {
        failures.push(
          [
            `FAIL ${o.id}: ${o.phase}, want ${want.join(' or ')} ${o.message}`,
            ...o.nodes.map((n) => `    ${n}`),
          ].join('\n'),
        );
      }
    }
    console.log(
      [
        `argo reuse examples: ${runnable.length} run, ${runnable.length - (failures.length - collected.failures.length)} in Argo's phase, ${skipped.length} skipped, ${failures.length} failures`,
        ...collected.notes.map((n) => `  ${n}`),
        ...outcomes.map((o) => `  ran ${o.id}: ${o.phase} in ${o.ms} ms`),
        ...skipped,
        ...failures,
      ].join('\n'),
    );
    assert.deepEqual(failures, []);
    assert.ok(runnable.length >= 10, `expected at least 10 runnable examples, got ${runnable.length}`);
  });
});
