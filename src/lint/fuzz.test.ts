import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseDocuments, type SourceDocument } from '../spec/index.js';
import { lintDocuments } from './index.js';

const valid = join(import.meta.dirname, '../../testdata/lint/valid');
const docs: SourceDocument[] = readdirSync(valid)
  .filter((n) => n.endsWith('.yaml'))
  .flatMap((n) => parseDocuments(readFileSync(join(valid, n), 'utf8'), n));

type Json = Record<string, unknown>;

/** Replaces the value at a random path (chosen by the picks) with a random value. */
function mutate(value: unknown, picks: number[], replacement: unknown): unknown {
  const [pick, ...rest] = picks;
  if (pick === undefined || typeof value !== 'object' || value === null) return replacement;
  const keys = Object.keys(value);
  if (keys.length === 0) return replacement;
  const key = keys[pick % keys.length] ?? '';
  const copy: Json | unknown[] = Array.isArray(value) ? [...value] : { ...(value as Json) };
  (copy as Json)[key] = mutate((value as Json)[key], rest, replacement);
  return copy;
}

describe('lint never throws on mutated valid workflows', () => {
  it('reports problems as data, not exceptions', () => {
    const anyValue = fc.oneof(
      fc.string(),
      fc.constantFrom('{{', '{{=', '{{item}}', '{{steps.x.y}}', '}}', 'a && (', '-1', ''),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.string(), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 5 }), fc.string(), { maxKeys: 3 }),
    );
    fc.assert(
      fc.property(
        fc.nat(docs.length - 1),
        fc.array(fc.nat(50), { maxLength: 8 }),
        anyValue,
        (i, picks, replacement) => {
          const doc = docs[i];
          if (!doc) return;
          const value = mutate(doc.value, picks, replacement) as Json;
          const mutated: SourceDocument = { ...doc, value: typeof value === 'object' && value ? value : {} };
          const report = lintDocuments([mutated, ...docs.filter((d) => d !== doc)]);
          for (const p of report.problems) {
            assert.ok(!p.message.startsWith('internal error'), p.message);
            assert.ok(Number.isInteger(p.line));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
