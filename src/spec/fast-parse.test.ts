/**
 * Differential test of the fast path (js-yaml events + our construction) against the `yaml`-based
 * parser: for every input the fast path accepts, the slow path must accept it too and yield
 * deep-equal documents (same indexes, same values, -0 and NaN included) and the same lines. Inputs:
 * the repository's YAML files, Argo's examples when ../shared is present, a corpus of tricky
 * snippets, random text and random mutations of real files.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { dump } from 'js-yaml';
import { stringify } from 'yaml';
import { ParseError } from '../errors/index.js';
import { ARGO_EXAMPLES_DIR, REPO_ROOT } from '../testing/shared-dir.js';
import { fastParse } from './fast-parse.js';
import type { FieldPath, SourceDocument } from './index.js';
import { parseDocuments, parseDocumentsSlow } from './parse-documents.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20240601);

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...yamlFiles(path));
    else if (/\.(ya?ml|json)$/.test(entry.name)) out.push(path);
  }
  return out.sort();
}

type Slow = { docs: SourceDocument[] } | { error: ParseError };

function slow(text: string): Slow {
  try {
    return { docs: parseDocumentsSlow(text, 'f.yaml') };
  } catch (err) {
    if (err instanceof ParseError) return { error: err };
    throw err;
  }
}

/** Every path of a value, up to `limit` of them. */
function paths(value: unknown, limit: number, prefix: FieldPath = [], out: FieldPath[] = []): FieldPath[] {
  if (out.length >= limit) return out;
  out.push(prefix);
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) paths(v, limit, [...prefix, i], out);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) paths(v, limit, [...prefix, k], out);
  }
  return out;
}

/**
 * 'declined' when the fast path declined, 'accepted' when it answered (and matched); throws on any
 * difference. With `lines`, also compares lineOf of parseDocuments against the slow path.
 */
function compare(text: string, what: string, lines = 0): 'accepted' | string {
  const result = fastParse(text);
  if ('declined' in result) return result.declined;
  const fast = result.docs;
  const reference = slow(text);
  if ('error' in reference) {
    assert.fail(`${what}: fast path accepted what yaml rejects (${reference.error.message})`);
  }
  const fastDocs = fast.flatMap((value, index) => (value === null ? [] : [{ index, value }]));
  const slowDocs = reference.docs.map((d) => ({ index: d.index, value: d.value }));
  assert.deepStrictEqual(fastDocs, slowDocs, what);
  const viaApi = parseDocuments(text, 'f.yaml');
  assert.deepStrictEqual(
    viaApi.map(({ lineOf: _, ...rest }) => rest),
    reference.docs.map(({ lineOf: _, ...rest }) => rest),
    what,
  );
  if (lines > 0) {
    viaApi.forEach((doc, i) => {
      const ref = reference.docs[i]!;
      for (const path of paths(doc.value, lines)) {
        assert.equal(doc.lineOf(path), ref.lineOf(path), `${what}: line of ${JSON.stringify(path)}`);
      }
    });
  }
  return 'accepted';
}

function compareFiles(files: string[], root: string): { accepted: number; declined: string[] } {
  const declined: string[] = [];
  let accepted = 0;
  for (const file of files) {
    const result = compare(readFileSync(file, 'utf8'), relative(root, file), 200);
    if (result === 'accepted') accepted++;
    else declined.push(`${relative(root, file)}: ${result}`);
  }
  return { accepted, declined };
}

/** Plain scalars whose meaning depends on YAML 1.1 / go-yaml rules. */
const SCALARS = [
  ...['yes', 'no', 'on', 'off', 'y', 'n', 'Y', 'N', 'Yes', 'NO', 'On', 'OFF', 'true', 'False', 'TRUE'],
  ...['0755', '0o17', '0x1F', '0b101', '-0', '+12', '1_000', '0', '08', '09.5', '1:30', '-1:30:00'],
  ...['190:20:30', '12e03', '.5', '1.', '1e3', '1E+3', '.', 'e5', '-.5', '+.5e-2', '1_0.5', '1.2.3'],
  ...['.inf', '-.Inf', '+.INF', '.nan', '.NaN', '~', 'null', 'Null', 'NULL', 'nULL', ''],
  ...['2001-12-14t21:59:43.10-05:00', '2002-12-14', '0x', '0o', '9007199254740993', '1e400', '-0.0'],
  ...['a b', 'a: b', '"q"', "'q'", '=', '<<', '!', '&a', '*a', '%x', '@x', '`x', 'a #c', 'a#b'],
];

function quote(s: string): string {
  return JSON.stringify(s);
}

const SNIPPETS: string[] = [
  ...SCALARS.map((s) => `k: ${s}\n`),
  ...SCALARS.map((s) => `${s}: v\n`),
  ...SCALARS.map((s) => `k: [${s}]\n`),
  ...SCALARS.map((s) => `k: {${s}: 1}\n`),
  ...SCALARS.map((s) => `k:\n  - ${s}\n`),
  ...SCALARS.map((s) => `${quote(s)}: ${quote(s)}\n`),
  ...SCALARS.map((s) => `'${s.replace(/'/g, "''")}': x\n`),
  ...SCALARS.map((s) => `k: !!str ${s}\n`),
  'a: 1\na: 2\n',
  'a: {x: 1}\nb: 2\na: [3]\n',
  '"a": 1\na: 2\n',
  '__proto__: 1\nb: 2\n',
  '__proto__: {x: 1}\n__proto__: 2\n',
  'a: &x {b: 1}\nc: *x\n',
  'base: &b {x: 1, y: 2}\nd:\n  <<: *b\n  y: 3\n',
  'd:\n  <<: [{x: 1}, {y: 2}]\n',
  'd: {"<<": 1}\n',
  "d: {'<<': 1}\n",
  'd: <<\n',
  '1: a\n',
  '1.5: a\n',
  'true: a\n',
  'null: a\n',
  '~: a\n',
  ': a\n',
  '? a\n: b\n',
  '? [a, b]\n: c\n',
  '{a: 1}: b\n',
  '[a]: b\n',
  '? |\n  block\n: v\n',
  '---\n---\na: 1\n---\n\n---\nb: 2\n...\n',
  '--- \n# c\n...\n---\nkind: X\n',
  '---\nkind: A\n---\n- 1\n',
  '---\n5\n',
  '---\n"str"\n',
  'a: 1\n...\n# trailing\n',
  '%YAML 1.1\n---\na: yes\n',
  '%YAML 1.2\n---\na: yes\n',
  '%TAG !e! tag:example.com,2000:\n---\na: !e!x 1\n',
  '\ufeffa: 1\n',
  'a: 1\r\nb:\r\n  - c\r\n',
  'a: |\n  line 1\n  line 2\n\n',
  'a: |-\n  x\n\n',
  'a: |+\n  x\n\n\n',
  'a: >\n  folded\n  text\n\n  para\n',
  'a: >-\n    x\n   y\n',
  'a: |2\n    indented\n',
  'a: |\n\ttab\n',
  'a: "multi\n  line\n\n  quoted"\n',
  "a: 'it''s\n  here'\n",
  'a: plain\n  continued\n  # not a comment?\n',
  'a: "\\t\\n\\x41\\u00e9\\U0001F600\\\\\\"\\/\\0\\a\\b\\e\\f\\r\\v\\N\\_\\L\\P\\ "\n',
  'a: "\\q"\n',
  'a: "unterminated\n',
  'a: [1, 2,]\n',
  'a: [1, , 2]\n',
  'a: {x: 1, y}\n',
  'a: {x, y: 2}\n',
  'a: [x: 1, y]\n',
  'a: {? x : 1}\n',
  'a: [{b: c}, [d, e], "f", \'g\']\n',
  'a: {"x":1,"y":[true,false,null]}\n',
  '{"kind": "Workflow", "spec": {"a": [1, 2.5, -3e2, "x"]}}',
  '{"a": 1, "a": 2}',
  'a:\n- 1\n- 2\n',
  'a:\n  - b: 1\n    c: 2\n  -   d: 3\n',
  'a: b: c\n',
  'a:\n  b\n  c: d\n',
  'a:\n\tb: 1\n',
  'a: 1\n b: 2\n',
  ' a: 1\nb: 2\n',
  '- a\nb: 1\n',
  'a: -\n',
  'a: - b\n',
  'a: [\n  1\n]\n',
  'args: ["\n  echo hello\n"]\n',
  'spec:\n  args: ["\n    echo hello\n  "]\n',
  'spec:\n  args: ["echo\n  hello"]\n',
  'spec:\n  args: [\n  a, b\n  ]\n',
  "spec:\n  script: '\n  echo hi\n  '\n",
  'a: "x" # comment\n',
  'a: x #c\n#d\nb: y\n',
  'a: "x"y\n',
  "a: 'x'y\n",
  `${'k'.repeat(1100)}: v\n`,
  `${'k'.repeat(990)}: v\n`,
  `a${' '.repeat(1100)}: v\n`,
  `"${'k'.repeat(1100)}": v\n`,
  `a: ${'['.repeat(99)}1${']'.repeat(99)}\n`,
  `a: ${'['.repeat(100)}1${']'.repeat(100)}\n`,
  `a: ${'{k: '.repeat(99)}1${'}'.repeat(99)}\n`,
  'a: @b\n',
  'a: `b`\n',
  'a: %b\n',
  'a: b%\n',
  'a: !b c\n',
  'a: &x\n',
  'a: *x\n',
  'a: ? b\n',
  '? a\n',
  'a: {b: 1}}\n',
  'a: ]\n',
  'a: b\n---x\n',
  '--- a: 1\n',
  '--- {a: 1}\n',
  '--- |\n  x\n',
  'a: "é ünï 日本"\n',
  'a: b\n\u0085c: d\n',
  'a: "\u2028"\n',
  'a:\u00a0b\n',
  'a: b\u00a0\n',
  'a: 1 \t\n',
  '\t~\n',
  ' \t~\n',
  '\ta: 1\n',
  'a: "x\n\ty"\n',
  "a: 'x\n \ty'\n",
  'a: |\n  x\n  \ty\n',
  'a: |\n  x\n\ty\n',
  'a: >\n  x\n \ty\n',
  'a: |\n\t\n  x\n',
  'a:\n  \t- 1\n',
  'a:\n  - \tb\n',
  'a: b\n\tc\n',
  'a: b\n  \tc\n',
  'a: [b,\n\tc]\n',
  'a: {b: 1,\n \tc: 2}\n',
  '\t\na: 1\n',
  '# x\n\t# y\na: 1\n',
  'a: 1\n\t\nb: 2\n',
  'a: |\n  x\n\t\n  y\n',
  'a: >\n  x\n\t\n  y\n',
  'a: |\n  x\n \t \n  y\n',
  'a:\n  b: 1\n \t\n  c: 2\n',
  'a: [1,\n\t\n 2]\n',
  'a: "x\n\t\n y"\n',
  '\t# c\na: 1\n',
  'a: 1\n\t# c\n',
  'a:\n\t# c\n  b: 1\n',
  'a:\n  - 1\n\t\t# c\n  - 2\n',
  'a: 1\t# c\n',
  'a:\t1\n',
  'a: [1\t, 2]\n',
  'a: 0.\n',
  'a: 00\n',
  'a: 0_7\n',
  'a: -0x1\n',
  'a: 0x_1\n',
  'a: 1__0\n',
  'a: 0b\n',
  'a: +\n',
  'a: -.\n',
  'a: .e1\n',
  'a: 1.e1\n',
  'a: 1e\n',
  'a: 1_e1\n',
  'a: 6.8523015e+5\n',
  'a: 685.230_15e+03\n',
  'a: 685_230.15\n',
  'a: 190:20:30.15\n',
  'a: 0o7\n',
  'a: 0O7\n',
  'a: 0X1f\n',
  'a: 0B11\n',
  'a: 1__\n',
  'a: _1\n',
];

describe('fast parse path vs yaml (differential)', () => {
  it('repository YAML files (testdata/, examples/)', (t) => {
    const files = [...yamlFiles(join(REPO_ROOT, 'testdata')), ...yamlFiles(join(REPO_ROOT, 'examples'))];
    assert.ok(files.length > 50, `only ${files.length} files found`);
    const { accepted, declined } = compareFiles(files, REPO_ROOT);
    t.diagnostic(`${files.length} files: ${accepted} accepted, ${declined.length} declined`);
    for (const file of declined) t.diagnostic(`declined: ${file}`);
  });

  it('Argo examples', {
    skip: existsSync(ARGO_EXAMPLES_DIR) ? false : `${ARGO_EXAMPLES_DIR} is absent (set ARGOSY_SHARED_DIR)`,
  }, (t) => {
    const files = yamlFiles(ARGO_EXAMPLES_DIR);
    assert.ok(files.length > 100, `only ${files.length} files found`);
    const { accepted, declined } = compareFiles(files, ARGO_EXAMPLES_DIR);
    t.diagnostic(`${files.length} files: ${accepted} accepted, ${declined.length} declined`);
    for (const file of declined) t.diagnostic(`declined: ${file}`);
    assert.ok(accepted > files.length / 2, 'the fast path should answer for most examples');
  });

  it('tricky snippets', (t) => {
    let accepted = 0;
    for (const snippet of SNIPPETS) {
      if (compare(snippet, JSON.stringify(snippet), 50) === 'accepted') accepted++;
    }
    // Every snippet once more inside a workflow-shaped document and as a second document.
    for (const snippet of SNIPPETS) {
      const indented = snippet.replace(/^(?=.)/gm, '  ');
      compare(`kind: Workflow\nspec:\n${indented}`, `nested ${JSON.stringify(snippet)}`);
      compare(`kind: A\n---\n${snippet}`, `second doc ${JSON.stringify(snippet)}`);
    }
    t.diagnostic(`${SNIPPETS.length} snippets: ${accepted} accepted`);
    assert.ok(accepted > SNIPPETS.length / 3);
  });

  it('random values written by yaml and by js-yaml, in several styles', (t) => {
    const scalar = fc.oneof(
      fc.constantFrom(...SCALARS),
      fc.string({ maxLength: 12 }),
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, scalar, tie('list'), tie('map')),
      list: fc.array(tie('node'), { maxLength: 4 }),
      map: fc.dictionary(fc.oneof(fc.constantFrom(...SCALARS), fc.string({ maxLength: 8 })), tie('node'), {
        maxKeys: 4,
      }),
    }));
    const doc = fc.dictionary(fc.string({ maxLength: 8 }), value.node, { minKeys: 1, maxKeys: 5 });
    const written = fc.tuple(doc, fc.nat({ max: 4 })).map(([v, how]) => {
      if (how === 0) return JSON.stringify(v);
      if (how === 1) return JSON.stringify(v, null, 2);
      if (how === 2) return stringify(v, { version: '1.1' });
      if (how === 3) return stringify(v, { collectionStyle: 'flow', lineWidth: 20 });
      return dump(v, { flowLevel: 2, lineWidth: 16 });
    });
    let accepted = 0;
    fc.assert(
      fc.property(written, (text) => {
        if (compare(text, JSON.stringify(text)) === 'accepted') accepted++;
      }),
      { seed: SEED, numRuns: 5_000 },
    );
    t.diagnostic(`5000 values: ${accepted} accepted`);
    assert.ok(accepted > 2_500);
  });

  it('random YAML-ish text and mutated real files', (t) => {
    let accepted = 0;
    const count = (result: string): void => {
      if (result === 'accepted') accepted++;
    };
    const chars = [...' \n\t:-[]{},"\'#&*!|>?%@`\\~.0123456789abcxyzEeo_+<=\u00a0'];
    const text = fc.string({ unit: fc.constantFrom(...chars), maxLength: 80 });
    fc.assert(
      fc.property(text, (s) => {
        count(compare(s, JSON.stringify(s)));
      }),
      { seed: SEED, numRuns: 20_000 },
    );
    const bases = [
      readFileSync(join(REPO_ROOT, 'examples', 'dag-diamond.yaml'), 'utf8'),
      readFileSync(join(REPO_ROOT, 'examples', 'parameters-and-results.yaml'), 'utf8'),
      SNIPPETS.filter((s) => !s.includes('\u0085')).join('---\n'),
    ];
    const edit = fc.record({
      at: fc.nat(),
      remove: fc.nat({ max: 4 }),
      insert: fc.string({ unit: fc.constantFrom(...chars), maxLength: 6 }),
    });
    fc.assert(
      fc.property(
        fc.nat({ max: bases.length - 1 }),
        fc.array(edit, { minLength: 1, maxLength: 3 }),
        (b, edits) => {
          let out = bases[b]!;
          for (const e of edits) {
            const at = e.at % (out.length + 1);
            out = out.slice(0, at) + e.insert + out.slice(at + e.remove);
          }
          count(compare(out, `mutation of base ${b}: ${JSON.stringify(edits)}`));
        },
      ),
      { seed: SEED, numRuns: 4_000 },
    );
    t.diagnostic(`24000 texts: ${accepted} accepted by the fast path`);
  });
});
