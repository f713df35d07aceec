/**
 * Fuzzing parseDocuments + validateSchema with fast-check: 102,000 inputs (random text, mutated
 * workflows, random JSON/YAML values, deep nesting, anchors and aliases). The only error allowed out
 * is ParseError, and every input finishes quickly.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { ParseError } from '../errors/index.js';
import { applyDefaults, parseDocuments, validateMetadata, validateSchema } from './index.js';

const FIXTURE = readFileSync(new URL('../../testdata/spec/tree/hello-world.yaml', import.meta.url), 'utf8');
/** The first workflow of the fixture: small, so many mutations fit in the time budget. */
const VALID = FIXTURE.slice(0, FIXTURE.indexOf('\n---'));
const SEED = Number(process.env.FUZZ_SEED ?? 20240601);

/** Runs the pipeline; true when it finished with documents or a ParseError. */
function survives(text: string): boolean {
  const started = performance.now();
  try {
    for (const doc of parseDocuments(text, 'fuzz.yaml')) {
      for (const issue of validateSchema(doc)) doc.lineOf(issue.path);
      validateMetadata(doc.value);
      applyDefaults(doc.value);
    }
  } catch (err) {
    if (!(err instanceof ParseError)) throw err;
    assert.ok(err.reason.length > 0 && !err.reason.includes('\n    at '), err.reason);
  }
  assert.ok(performance.now() - started < 2000, `slow input (${text.length} chars)`);
  return true;
}

const YAML_CHARS = [...' \n\t:-[]{},"\'#&*!|>?%@`\\~.0123456789abcxyz<='];

const mutation = fc.record({
  at: fc.nat(),
  remove: fc.nat({ max: 6 }),
  insert: fc.string({ unit: fc.constantFrom(...YAML_CHARS), maxLength: 8 }),
});

function mutate(text: string, edits: Array<{ at: number; remove: number; insert: string }>): string {
  let out = text;
  for (const e of edits) {
    const at = e.at % (out.length + 1);
    out = out.slice(0, at) + e.insert + out.slice(at + e.remove);
  }
  return out;
}

const nested = fc
  .record({
    depth: fc.integer({ min: 1, max: 160 }),
    style: fc.constantFrom('flow-seq', 'flow-map', 'block', 'mixed'),
  })
  .map(({ depth, style }) => {
    if (style === 'flow-seq') return `a: ${'['.repeat(depth)}1${']'.repeat(depth)}`;
    if (style === 'flow-map') return `a: ${'{k: '.repeat(depth)}1${'}'.repeat(depth)}`;
    if (style === 'block')
      return Array.from({ length: depth }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n');
    return Array.from({ length: depth }, (_, i) => `${'  '.repeat(i)}- [k${i}, {`).join('\n');
  });

const aliases = fc
  .record({
    levels: fc.integer({ min: 1, max: 14 }),
    width: fc.integer({ min: 1, max: 12 }),
    doc: fc.boolean(),
  })
  .map(({ levels, width, doc }) => {
    const lines = ['a0: &a0 [x, y]'];
    for (let i = 1; i < levels; i++)
      lines.push(
        `a${i}: &a${i} [${Array(width)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    return `${doc ? 'kind: Workflow\n' : ''}${lines.join('\n')}\nlast: <<\n`;
  });

describe('fuzz parseDocuments + validateSchema', { timeout: 60_000 }, () => {
  it('random text', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 120 }),
      fc.string({ unit: fc.constantFrom(...YAML_CHARS), maxLength: 120 }),
    );
    fc.assert(fc.property(text, survives), { seed: SEED, numRuns: 76_000 });
  });

  it('mutated valid workflows', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (edits) =>
        survives(mutate(VALID, edits)),
      ),
      {
        seed: SEED,
        numRuns: 12_000,
      },
    );
  });

  it('random JSON and YAML values, shaped like resources', () => {
    const resource = fc.record({
      apiVersion: fc.constantFrom('argoproj.io/v1alpha1', 'v1', 'x'),
      kind: fc.constantFrom('Workflow', 'WorkflowTemplate', 'CronWorkflow', 'ConfigMap', 'Secret', 'Other'),
      metadata: fc.oneof(
        fc.jsonValue({ maxDepth: 2 }),
        fc.record({ name: fc.string(), labels: fc.dictionary(fc.string(), fc.string()) }),
      ),
      spec: fc.jsonValue({ maxDepth: 4 }),
    });
    const asText = fc
      .tuple(resource, fc.boolean())
      .map(([r, json]) => (json ? JSON.stringify(r) : stringify(r)));
    fc.assert(fc.property(asText, survives), { seed: SEED, numRuns: 10_000 });
  });

  it('deep nesting, anchors and alias bombs', () => {
    fc.assert(fc.property(fc.oneof(nested, aliases), survives), { seed: SEED, numRuns: 4_000 });
  });
});
