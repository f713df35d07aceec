/**
 * Argo's examples about synchronization, memoization, work avoidance and resource templates, run on
 * the embedded store and the host runtime: every runnable one ends in the phase Argo gives it; the
 * others are printed with the reason they are skipped.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadFiles } from '../spec/index.js';
import type { Resource } from '../store/index.js';
import { ARGO_EXAMPLES_DIR, skipUnless } from '../testing/shared-dir.js';
import { classifyReuseExample, isReuseExample } from './conformance/classify-reuse-example.js';
import { collectExamples, type Example, runExamples } from './conformance/run-examples.js';

/** What Argo gives the examples that do not simply succeed. */
const EXPECTED: Record<string, string> = {};

/** Runnable, but too long for a test: the lock makes their steps run one after another. */
const TOO_LONG: Record<string, string> = {
  'synchronization-mutex-tmpl-level.yaml':
    'five 50 s and five 20 s steps, each group serialized by its mutex: over 4 minutes (no-test: environment)',
  'synchronization-db-mutex-tmpl-level.yaml':
    'the same steps and mutexes as synchronization-mutex-tmpl-level.yaml: over 4 minutes (no-test: environment)',
};

/**
 * Our own fixtures: the limits the synchronization examples' comments describe (ConfigMap my-config
 * with `workflow` and `template`; database semaphores' limits), written here, not copied.
 */
const FIXTURES: Resource[] = [
  {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'my-config', namespace: 'default' },
    data: { workflow: '1', template: '2' },
  } as Resource,
  {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'argosy-semaphore-limits', namespace: 'default' },
    data: { workflow: '2', template: '2' },
  } as Resource,
];

describe('Argo examples: synchronization, memoization, work avoidance, resource templates', {
  skip: skipUnless(ARGO_EXAMPLES_DIR),
}, () => {
  it('end in the phase Argo gives them', { timeout: 240_000 }, async () => {
    const examples = (await collectExamples(ARGO_EXAMPLES_DIR)).filter((e) =>
      isReuseExample(e.id, e.workflow),
    );
    const runnable: Example[] = [];
    const skipped: string[] = [];
    for (const e of examples) {
      const c = classifyReuseExample(e.workflow);
      const long = TOO_LONG[e.id];
      if (c.runnable && long) skipped.push(`  skip ${e.id}: ${long}`);
      else if (c.runnable) runnable.push(e);
      else skipped.push(`  skip ${e.id}: ${c.reason}`);
    }
    const { documents } = await loadFiles([ARGO_EXAMPLES_DIR]);
    const templates = documents.filter(
      (d) => d.kind === 'WorkflowTemplate' || d.kind === 'ClusterWorkflowTemplate',
    );
    const outcomes = await runExamples(runnable, {
      concurrency: 6,
      timeoutMs: 90_000,
      seed: async (store) => {
        for (const f of FIXTURES) await store.create(f);
        const seen = new Set<string>();
        for (const t of templates) {
          const value = structuredClone(t.value) as unknown as Resource;
          const key = `${value.kind}/${value.metadata.name}`;
          if (seen.has(key)) continue;
          seen.add(key);
          if (value.kind === 'WorkflowTemplate') value.metadata.namespace ??= 'default';
          await store.create(value);
        }
      },
    });
    const failures: string[] = [];
    for (const o of outcomes) {
      const want = EXPECTED[o.id] ?? 'Succeeded';
      if (o.phase !== want)
        failures.push(
          [
            `FAIL ${o.id}: ${o.phase}, want ${want} (${o.ms} ms) ${o.message}`,
            ...o.nodes.map((n) => `    ${n}`),
          ].join('\n'),
        );
    }
    console.log(
      [
        `reuse examples: ${examples.length} found, ${runnable.length} runnable, ${runnable.length - failures.length} passed, ${skipped.length} skipped`,
        ...outcomes.map((o) => `  ran ${o.id}: ${o.phase} in ${o.ms} ms`),
        ...skipped,
        ...failures,
      ].join('\n'),
    );
    assert.ok(runnable.length > 0);
    assert.deepEqual(failures, []);
  });
});
