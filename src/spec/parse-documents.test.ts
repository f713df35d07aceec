import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ParseError } from '../errors/index.js';
import { parseDocuments } from './index.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../testdata/spec/${name}`, import.meta.url), 'utf8');

function parseError(text: string): ParseError {
  try {
    parseDocuments(text, 'in.yaml');
  } catch (err) {
    assert.ok(err instanceof ParseError, `expected ParseError, got ${String(err)}`);
    assert.equal(err.file, 'in.yaml');
    return err;
  }
  assert.fail('expected a ParseError');
}

describe('parseDocuments', () => {
  it('reads every non-empty document with kind, name and index', () => {
    const docs = parseDocuments(fixture('tree/hello-world.yaml'), 'hello-world.yaml');
    assert.deepEqual(
      docs.map((d) => [d.index, d.kind, d.name, d.file]),
      [
        [0, 'Workflow', 'hello-world-', 'hello-world.yaml'],
        [2, 'Workflow', 'second', 'hello-world.yaml'],
      ],
    );
    assert.deepEqual(docs[0]?.value.spec, {
      entrypoint: 'main',
      templates: [{ name: 'main', container: { image: 'busybox', command: ['echo', 'hello'] } }],
    });
  });

  it('maps paths to lines, falling back to the nearest existing ancestor', () => {
    const [first, second] = parseDocuments(fixture('tree/hello-world.yaml'), 'f');
    assert.ok(first && second);
    assert.equal(first.lineOf([]), 2);
    assert.equal(first.lineOf(['kind']), 3);
    assert.equal(first.lineOf(['spec', 'templates', 0]), 9);
    assert.equal(first.lineOf(['spec', 'templates', 0, 'container', 'image']), 11);
    assert.equal(first.lineOf(['spec', 'templates', 0, 'container', 'nope', 'deeper']), 10);
    assert.equal(first.lineOf(['spec', 'templates', 7]), 8);
    assert.equal(second.lineOf(['spec', 'arguments', 'parameters', 0, 'value']), 24);
    assert.equal(second.lineOf(['spec', 'templates', 0, 'steps', 0, 0, 'withItems', 2, 'three']), 32);
  });

  it('parses JSON', () => {
    const [doc] = parseDocuments('{"kind": "ConfigMap",\n "metadata": {"name": "x"}}', 'c.json');
    assert.equal(doc?.kind, 'ConfigMap');
    assert.equal(doc?.name, 'x');
    assert.equal(doc?.lineOf(['metadata', 'name']), 2);
  });

  it('resolves scalars like Kubernetes (YAML 1.1 via go-yaml)', () => {
    const [doc] = parseDocuments(
      'a: [yes, off, "yes", 010, 0x1f, 1_000, ., e5, 1:30, 2001-12-14, 1.5]\n',
      'f',
    );
    assert.deepEqual(doc?.value.a, [true, false, 'yes', 8, 31, 1000, '.', 'e5', '1:30', '2001-12-14', 1.5]);
  });

  it('expands aliases and merge keys into independent copies', () => {
    const [doc] = parseDocuments('base: &b {image: busybox}\nx:\n  <<: *b\n  name: x\nz: *b\n', 'f');
    assert.deepEqual(doc?.value, {
      base: { image: 'busybox' },
      x: { image: 'busybox', name: 'x' },
      z: { image: 'busybox' },
    });
    assert.notEqual(doc?.value.base, doc?.value.z);
  });

  it('accepts under-indented flow and quoted continuation lines, as go-yaml does', () => {
    const text = 'spec:\n  args: ["\n    echo hi &&\n  echo there\n  "]\n  other: 1\n';
    const [doc] = parseDocuments(text, 'f');
    assert.deepEqual(doc?.value, { spec: { args: [' echo hi && echo there '], other: 1 } });
    assert.equal(doc?.lineOf(['spec', 'other']), 6);
  });

  it('keeps a __proto__ key as data', () => {
    const [doc] = parseDocuments('data:\n  __proto__: x\n', 'f');
    const data = doc?.value.data as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(data), Object.prototype);
    assert.deepEqual(Object.keys(data), ['__proto__']);
  });

  it('returns nothing for empty input', () => {
    assert.deepEqual(parseDocuments('', 'f'), []);
    assert.deepEqual(parseDocuments('# only a comment\n---\n', 'f'), []);
  });
});

describe('parseDocuments errors', () => {
  it('reports broken YAML with its line', () => {
    const err = parseError(fixture('broken/bad-yaml.yaml'));
    assert.ok(err.line !== undefined && err.line >= 5, `line ${err.line}`);
    assert.doesNotMatch(err.reason, /\n/);
  });

  it('rejects a document that is not an object', () => {
    const err = parseError('kind: Workflow\n---\n- a\n- b\n');
    assert.equal(err.reason, 'document 2 is a sequence, expected an object');
    assert.equal(err.line, 3);
    assert.equal(parseError('just text').reason, 'document 1 is a string, expected an object');
  });

  it('keeps the last of duplicate keys, as Argo does', () => {
    const [doc] = parseDocuments('kind: Workflow\nmetadata:\n  name: a\n  labels: {}\n  name: b\n', 'f.yaml');
    assert.deepEqual((doc?.value as { metadata?: unknown } | undefined)?.metadata, { name: 'b', labels: {} });
  });

  it('rejects keys that are not strings', () => {
    const err = parseError('data:\n  ok: 1\n  1: one\n');
    assert.equal(err.reason, 'key "1" is not a string (quote it)');
    assert.equal(err.line, 3);
    assert.match(parseError('? [a]\n: b\n').reason, /key a sequence is not a string/);
    assert.match(parseError('on: push\n').reason, /key "on" is not a string/);
  });

  it('rejects files over 8 MiB before parsing', () => {
    const err = parseError(`a: "${'x'.repeat(10 * 1024 * 1024)}"`);
    assert.equal(err.reason, 'file is 10.0 MiB, the limit is 8 MiB');
  });

  it('rejects nesting deeper than 100 levels', () => {
    const flow = `a: ${'['.repeat(150)}${']'.repeat(150)}`;
    assert.equal(parseError(flow).reason, 'nesting is deeper than 100 levels');
    const block = Array.from({ length: 120 }, (_, i) => `${' '.repeat(i)}k:`).join('\n');
    const err = parseError(`${block} 1\n`);
    assert.equal(err.reason, 'nesting is deeper than 100 levels');
    assert.equal(err.line, 101);
    const veryDeep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    assert.match(parseError(veryDeep).reason, /nest/);
  });

  it('rejects nesting that only aliases make deep', () => {
    const text = `a: &a ${'['.repeat(60)}1${']'.repeat(60)}\nb: ${'['.repeat(60)}*a${']'.repeat(60)}\n`;
    const err = parseError(text);
    assert.equal(err.reason, 'nesting is deeper than 100 levels');
    assert.equal(err.line, 1); // inside an alias, lines point into the anchored text
  });

  it('rejects alias bombs', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    const started = Date.now();
    const err = parseError(`${lines.join('\n')}\n`);
    assert.match(err.reason, /alias/);
    assert.ok(Date.now() - started < 2000);
  });
});
